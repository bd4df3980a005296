/* Host GL query objects for the guest's queries: which GL target counts
 * each virgl query type on this host, and reading results back. GLES has no
 * sample counter: occlusion counters are counted by the FS where the host
 * allows it (gl_occlusion.c), else answered by an any-samples query (0 or
 * 1; docs/emulations.md). */
#include "gl/gl_backend.h"
#include "renderer/renderer_priv.h"
#include "util/log.h"

GLenum gv_gl_query_target(const struct gv_hostapi *api, uint32_t type, uint32_t index)
{
   bool gl = !api->gles;
   int v = api->version;
   switch (type) {
   case GV_QUERY_OCCLUSION_COUNTER:
      return gl ? GL_SAMPLES_PASSED : GL_ANY_SAMPLES_PASSED;
   case GV_QUERY_OCCLUSION_PREDICATE:
      return GL_ANY_SAMPLES_PASSED;
   case GV_QUERY_OCCLUSION_PREDICATE_CONSERVATIVE:
      return (gl && v < 43) ? GL_ANY_SAMPLES_PASSED : GL_ANY_SAMPLES_PASSED_CONSERVATIVE;
   case GV_QUERY_TIMESTAMP:
      return api->timer_query ? GL_TIMESTAMP : 0;
   case GV_QUERY_TIME_ELAPSED:
      return api->timer_query ? GL_TIME_ELAPSED : 0;
   case GV_QUERY_PRIMITIVES_GENERATED:
   case GV_QUERY_PRIMITIVES_EMITTED:
      /* Streams other than 0 are counted by indexed queries. */
      if (index >= GV_MAX_VERTEX_STREAMS || (index && !api->xfb_streams))
         return 0;
      if (type == GV_QUERY_PRIMITIVES_EMITTED)
         return GL_TRANSFORM_FEEDBACK_PRIMITIVES_WRITTEN;
      return api->prims_generated ? GL_PRIMITIVES_GENERATED : 0;
   default:
      return 0;
   }
}

int gv_gl_query_begin(const struct gv_hostapi *api, GLenum target, uint32_t index, GLuint id)
{
   gv_gl_check("before BEGIN_QUERY");
   if (index)
      glBeginQueryIndexed(target, index, id);
   else
      glBeginQuery(target, id);
   (void)api;
   return gv_gl_check("BEGIN_QUERY");
}

int gv_gl_query_end(const struct gv_hostapi *api, GLenum target, uint32_t index, GLuint id)
{
   gv_gl_check("before END_QUERY");
   if (target == GL_TIMESTAMP)
      api->gles ? glQueryCounterEXT(id, GL_TIMESTAMP) : glQueryCounter(id, GL_TIMESTAMP);
   else if (index)
      glEndQueryIndexed(target, index);
   else
      glEndQuery(target);
   return gv_gl_check("END_QUERY");
}

bool gv_gl_query_result(const struct gv_hostapi *api, GLuint id, bool wait, uint64_t *value)
{
   GLuint avail = GL_TRUE;
   if (!wait) {
      glGetQueryObjectuiv(id, GL_QUERY_RESULT_AVAILABLE, &avail);
      if (!avail)
         return false;
   }
   if (!api->gles) {
      GLuint64 v = 0;
      glGetQueryObjectui64v(id, GL_QUERY_RESULT, &v);
      *value = v;
   } else if (api->timer_query) {
      GLuint64 v = 0;
      glGetQueryObjectui64vEXT(id, GL_QUERY_RESULT, &v);
      *value = v;
   } else {
      GLuint v = 0;
      glGetQueryObjectuiv(id, GL_QUERY_RESULT, &v);
      *value = v;
   }
   return true;
}
