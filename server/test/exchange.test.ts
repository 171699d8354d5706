// One request's steps and the pipelining hold (server/src/exchange.ts) without sockets: heads and
// body chunks go in, steps and Connection lines come out.

import { describe, expect, it } from 'vitest';

import { SERVER_RULES } from '../src/connection-rules.ts';
import type { EchoBody } from '../src/echo.ts';
import { Exchange, PipelineGate, parseErrorStep, type ExchangeLimits } from '../src/exchange.ts';
import type { RequestHead } from '../src/protocol/events.ts';
import { head } from './support/request-head.ts';
import type { RoutePlan } from '../src/routes.ts';


const LIMITS: ExchangeLimits = { discardBodyBytes: 100, echoMaxBytes: 10 };
const OK: RoutePlan = { kind: 'respond', response: { status: 200, fields: '', body: null } };
const ECHO: RoutePlan = { kind: 'echo' };
const post = (length: number, more: Partial<RequestHead> = {}): RequestHead => head({ method: 'POST', framing: { kind: 'length', length }, ...more });
const open = (h: RequestHead, plan: RoutePlan = OK): Exchange => new Exchange(h, plan, SERVER_RULES, LIMITS);
const echoed = (body: EchoBody) => body.response();

describe('a new request', () => {
  it('without a body is read to its end and answered there', () => {
    const ex = open(head());
    expect(ex.hasBody).toBe(false);
    expect(ex.opened()).toBe('read');
    expect(ex.closeAfter).toBe(false);
  });

  it('with a body the answer does not need: the body is read and thrown away', () => {
    const ex = open(post(50));
    expect(ex.opened()).toBe('read');
    expect(ex.body(Buffer.alloc(50))).toBe('read');
    expect(ex.closeAfter).toBe(false);
  });

  it('a chunked body counts as a body', () => {
    expect(open(head({ method: 'POST', framing: { kind: 'chunked' } })).hasBody).toBe(true);
    expect(open(post(0)).hasBody).toBe(false);
  });

  it('a client awaiting 100 Continue is answered at once when the answer does not need the body; the connection then closes (RFC 9110 §10.1.1)', () => {
    const ex = open(post(50, { expectContinue: true }));
    expect(ex.opened()).toBe('answer-now');
    expect(ex.closeAfter).toBe(true);
  });

  it('a declared body larger than is worth discarding is answered at once, and the connection closes', () => {
    const ex = open(post(101));
    expect(ex.opened()).toBe('answer-now');
    expect(ex.closeAfter).toBe(true);
    expect(open(post(100)).opened()).toBe('read');
  });

  it('a chunked body is discarded until it passes the bound, then answered at once and closed', () => {
    const ex = open(head({ method: 'POST', framing: { kind: 'chunked' } }));
    expect(ex.opened()).toBe('read');
    expect(ex.body(Buffer.alloc(60))).toBe('read');
    expect(ex.body(Buffer.alloc(40))).toBe('read');
    expect(ex.body(Buffer.alloc(1))).toBe('answer-now');
    expect(ex.closeAfter).toBe(true);
  });

  it('once the answer started, discarding goes on without a second answer', () => {
    const ex = open(head({ method: 'POST', framing: { kind: 'chunked' } }));
    ex.opened();
    ex.answerStarts(false);
    expect(ex.body(Buffer.alloc(500))).toBe('read');
  });
});

describe('/echo', () => {
  it('invites the body with 100 Continue when asked, and answers with it whole at the end', () => {
    const ex = open(post(5, { expectContinue: true }), ECHO);
    expect(ex.opened()).toBe('invite-and-read');
    expect(ex.body(Buffer.from('ab'))).toBe('read');
    expect(ex.body(Buffer.from('cde'))).toBe('read');
    const plan = ex.ended(echoed);
    expect(plan.kind).toBe('respond');
    const response = plan.kind === 'respond' ? plan.response : null;
    expect(response).toMatchObject({ status: 200, body: Buffer.from('abcde') });
    expect(ex.closeAfter).toBe(false);
  });

  it('without Expect, reads the body without an interim response', () => {
    expect(open(post(5), ECHO).opened()).toBe('read');
  });

  it('past its bound answers 413 at once and closes after it (RFC 9110 §15.5.14)', () => {
    const ex = open(head({ method: 'POST', framing: { kind: 'chunked' } }), ECHO);
    ex.opened();
    expect(ex.body(Buffer.alloc(10))).toBe('read');
    expect(ex.body(Buffer.alloc(1))).toBe('answer-now');
    expect(ex.plan).toMatchObject({ kind: 'respond', response: { status: 413, close: true } });
    expect(ex.echo).toBeNull();
  });
});

describe('the answer', () => {
  it('keeps HTTP/1.1 open and says nothing about it', () => {
    const ex = open(head());
    expect(ex.answerStarts(false)).toBe('');
    expect(ex.started).toBe(true);
    expect(ex.closeAfter).toBe(false);
  });

  it('closes, and says so, when the client asked, when the exchange must close, or when the server shuts down (RFC 9112 §9.6)', () => {
    expect(open(head({ keepAlive: false })).answerStarts(false)).toBe('Connection: close\r\n');
    const early = open(post(101));
    early.opened();
    expect(early.answerStarts(false)).toBe('Connection: close\r\n');
    const down = open(head());
    expect(down.answerStarts(true)).toBe('Connection: close\r\n');
    expect(down.closeAfter).toBe(true);
  });

  it('tells an HTTP/1.0 client keep-alive when it persists', () => {
    const ex = open(head({ version: { major: 1, minor: 0 } }));
    expect(ex.http10).toBe(true);
    expect(ex.answerStarts(false)).toBe('Connection: keep-alive\r\n');
  });

  it('HEAD: the same head as GET, never a body', () => {
    expect(open(head({ method: 'HEAD' })).omitBody).toBe(true);
    expect(open(head()).omitBody).toBe(false);
  });
});

describe('a parse error', () => {
  it('is answered and the connection closed, or cut once the answer has started', () => {
    expect(parseErrorStep(null, SERVER_RULES, 'INVALID_CHUNK_SIZE', 400, false)).toBe('answer-and-close');
    const ex = open(head({ method: 'POST', framing: { kind: 'chunked' } }));
    expect(parseErrorStep(ex, SERVER_RULES, 'INVALID_CHUNK_SIZE', 400, false)).toBe('answer-and-close');
    ex.answerStarts(false);
    expect(parseErrorStep(ex, SERVER_RULES, 'INVALID_CHUNK_SIZE', 400, false)).toBe('destroy');
  });
});

describe('the pipelining hold', () => {
  it('is full after its bound of answers, until they are sent', () => {
    const gate = new PipelineGate(2);
    expect(gate.full()).toBe(false);
    gate.answered();
    expect(gate.full()).toBe(false);
    gate.answered();
    expect(gate.full()).toBe(true);
    gate.sent();
    expect(gate.full()).toBe(false);
  });

  it('counts again from nothing after sent()', () => {
    const gate = new PipelineGate(2);
    gate.answered();
    gate.answered();
    gate.answered();
    gate.sent();
    gate.answered();
    expect(gate.full()).toBe(false);
    gate.answered();
    expect(gate.full()).toBe(true);
  });
});
