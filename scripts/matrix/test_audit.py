"""Unit tests of audit.py's verdict rules (python3 -m unittest scripts/matrix/test_audit.py).
Not part of npm test: the matrix and its audit need the servers installed."""
import os
import sys
import unittest

import yaml

sys.path.insert(0, os.path.dirname(__file__))
import audit  # noqa: E402


def case(actual, message, status="fail", received=""):
    return {"actual": actual, "message": message, "status": status, "received": received}


class Rules(unittest.TestCase):
    def test_error_then_close_after_an_early_answer_is_no_desync(self):
        c = case("405 Method Not Allowed (Content-Length: 19), then 400 Bad Request, then closed by server",
                 "desynchronised (request smuggling): response 2 should answer the canary request")
        self.assertEqual(audit.rule(c)[:2], (False, "error-then-close"))

    def test_a_second_success_is_still_a_desync_for_the_entries_to_judge(self):
        c = case("405 Method Not Allowed, then 200 OK, then still open", "desynchronised (request smuggling)")
        self.assertIsNone(audit.rule(c))

    def test_an_unanswered_request_on_an_open_connection_is_a_hang(self):
        c = case("200 OK, then still open after 2001 ms", 'closest allowed outcome "...": expected 2 responses, got 1')
        self.assertEqual(audit.rule(c)[:2], (True, "hang"))


class Entries(unittest.TestCase):
    just = yaml.safe_load("""
"te-size-*":
  kind: hang
  why: gunicorn held the connection
  false:
    gevent: early 405, then 400
"cl-empty": {}
"exp-folded":
  servers: [gevent]
  kind: desync
  why: body answered as a request
""")

    def test_a_bare_false_key_is_read_as_yaml_reads_it(self):
        # YAML 1.1 turns `false:` into the boolean key False; the audit must still see the list.
        self.assertIn(False, self.just["te-size-*"])
        self.assertEqual(audit.lookup(self.just, "te-size-plus", "gevent")[0], False)

    def test_a_glob_entry_justifies_the_other_servers(self):
        self.assertEqual(audit.lookup(self.just, "te-size-plus", "gunicorn")[:2], (True, "hang"))

    def test_an_empty_entry_means_the_case_quote_is_the_must(self):
        self.assertEqual(audit.lookup(self.just, "cl-empty", "caddy"), (True, "MUST", ""))

    def test_servers_limits_an_entry(self):
        self.assertIsNone(audit.lookup(self.just, "exp-folded", "gunicorn"))
        self.assertEqual(audit.lookup(self.just, "exp-folded", "gevent")[1], "desync")

    def test_a_false_with_actual_applies_only_to_that_answer(self):
        just = yaml.safe_load("""
"pipe-x":
  why: w
  false:
    gunicorn: {actual: 'then closed by server$', why: closed early}
""")
        self.assertEqual(audit.lookup(just, "pipe-x", "gunicorn", "200 OK, then closed by server")[0], False)
        self.assertEqual(audit.lookup(just, "pipe-x", "gunicorn", "200 OK, then still open after 2001 ms")[0], True)

    def test_unknown_case_has_no_verdict(self):
        self.assertIsNone(audit.lookup(self.just, "nope", "nginx"))

    def test_transcript_rule_matches_server_and_received_text(self):
        rules = [{"server": "cheroot", "received": "Malformed Request-Line", "kind": "desync", "why": "w"}]
        c = case("405, then 400, then closed by server", "m", received="...400 Bad Request...Malformed Request-Line")
        self.assertEqual(audit.transcript_rule(rules, c, "cheroot"), (True, "desync", "w"))
        self.assertIsNone(audit.transcript_rule(rules, c, "gevent"))
        self.assertIsNone(audit.transcript_rule(rules, case("a", "m", received="other"), "cheroot"))


if __name__ == "__main__":
    unittest.main()
