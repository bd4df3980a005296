#!/usr/bin/env python3
"""make-expectations.py RESULTS HOST [REASONS] > EXPECT

Turns a run-piglit.sh result file into an expectation file for
check-piglit.sh: one "<test> <result> # <reason>" line per test that does
not pass. The reason is the first line of REASONS (default: reasons.txt
beside this script) whose host field (core, es or *) matches HOST and whose
regular expression matches the test name, or "not investigated yet", so a
new failure is never given a reason it does not have.
"""
import os
import re
import sys


def load_reasons(path):
    rules = []
    with open(path) as f:
        for line in f:
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            host, pattern, reason = line.split('\t', 2)
            rules.append((host, re.compile(pattern), reason))
    return rules


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__.strip())
    results, host = sys.argv[1], sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    rules = load_reasons(sys.argv[3] if len(sys.argv) == 4 else os.path.join(here, 'reasons.txt'))
    print(f'# {os.path.basename(results)} on glvirt --gl={host}: tests that do not pass, with the reason '
          '(tests/conformance/check-piglit.sh; regenerate with make-expectations.py).')
    with open(results) as f:
        for line in f:
            test, _, result = line.rstrip('\n').rpartition(' ')
            if result == 'pass':
                continue
            reason = next((r for h, p, r in rules if h in ('*', host) and p.search(test)),
                          'not investigated yet')
            print(f'{test} {result} # {reason}')


if __name__ == '__main__':
    main()
