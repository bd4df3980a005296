#!/usr/bin/env python3
"""replay-kmscube.py: the first frame kmscube sent from a QEMU guest, replayed
through a vtest server (run inside with-server.sh), must show the lit cube.

data/kmscube-frame.bin holds the guest's first two command buffers as
captured by libvirglrenderer.so.1 (GLVIRT_TRACE_SUBMITS: ctx id, dword count,
dwords), data/kmscube-vbo.bin its vertex buffer. The frame draws into a
window-system surface, so the viewport flips y and the front face is the
guest's, unlike piglit's FBO runs: a wrong front face culls the lit faces and
leaves a black cube (found this way in QEMU). The check: a hundred thousand
pixels that are neither the grey background nor black, with red and blue
faces among them."""
import collections
import importlib.util
import os
import struct
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("hv", os.path.join(here, "hostile-vtest.py"))
hv = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hv)

data = open(os.path.join(here, "data", "kmscube-frame.bin"), "rb").read()
subs, pos = [], 0
while pos < len(data):
    _ctx, ndw = struct.unpack_from("<II", data, pos)
    subs.append(list(struct.unpack_from("<%dI" % ndw, data, pos + 8)))
    pos += 8 + 4 * ndw

W, H = 1280, 800
c = hv.Client(b"kmscube-replay\0")
# As the guest created them: two B8G8R8X8 scanout buffers and the vertex buffer.
ok = c.resource(3, 2, 2, 0x14000a, W, H, size=W * H * 4)
ok = ok and c.resource(5, 2, 2, 0x14000a, W, H, size=W * H * 4)
ok = ok and c.resource(4, 0, 64, 0x10, 864, size=864)
if not ok:
    sys.exit("FAIL: the server refused the resources")
c.mem[4][0:864] = open(os.path.join(here, "data", "kmscube-vbo.bin"), "rb").read()
c.transfer(False, 4, 0, (0, 0, 0, 864, 1, 1))
for s in subs:
    c.submit(s)
c.transfer(True, 5, 0, (0, 0, 0, W, H, 1), data_size=W * H * 4)
if not c.roundtrip(5, 1):
    sys.exit("FAIL: the server dropped the client")
img = bytes(c.mem[5][0:W * H * 4])
px = collections.Counter(img[o:o + 3] for o in range(0, len(img), 4))
lit = sum(n for p, n in px.items() if p not in (b"\x80\x80\x80", b"\x00\x00\x00"))
# B8G8R8X8: bytes are blue, green, red.
reddish = sum(n for p, n in px.items() if p[2] > 100 and p[0] < 60 and p[1] < 60)
greenish = sum(n for p, n in px.items() if p[1] > 100 and p[0] < 60 and p[2] < 60)
blueish = sum(n for p, n in px.items() if p[0] > 100 and p[1] < 60 and p[2] < 60)
print("lit pixels %d (red %d, green %d, blue %d), background %d, black %d" %
      (lit, reddish, greenish, blueish, px[b"\x80\x80\x80"], px[b"\x00\x00\x00"]))
# The first frame shows the red and blue faces (virgl_test_server: 203878
# lit pixels, 17559 red, 21462 blue); a culled or unlit cube shows none.
if lit < 100000 or min(reddish, blueish) < 5000:
    sys.exit("FAIL: the cube is not lit as kmscube draws it")
print("PASS kmscube frame")
