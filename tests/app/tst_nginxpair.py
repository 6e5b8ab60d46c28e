#!/usr/bin/python3
"""Issue 8, item 5: two `taskdeck --headless` instances on one PostgreSQL database behind nginx.

Runs the repository's deploy/nginx/taskdeck.conf (ports, addresses and paths substituted) in an
nginx started and stopped by this test, with one addition: the request header
`X-Taskdeck-Instance: a|b` pins a request to instance A or B, so the test chooses where each
connection goes through nginx.

A WebSocket client connected through nginx to A receives the events of tasks created on A and
on B, is cut off (TCP abort, no close handshake), more changes are made on both instances, and
the client reconnects through nginx to B with `?since=<last seq received>`. It must receive
exactly the events it missed: seq last+1, last+2, ... with no gap and no duplicate, the expected
task ids and types in order, then the live events after them. Two witnesses, connected through
nginx to A and to B for the whole test, must have seen the same seq with byte-identical JSON.

Needs TASKDECK_TEST_DATABASE_URL (a PostgreSQL URL naming a database to connect to for CREATE
DATABASE; scripts/test.sh sets it), nginx, psql and python3-websockets. Exit status 0 on success,
1 on any mismatch or missing prerequisite (it never skips).

Usage: tst_nginxpair.py --taskdeck BUILD/taskdeck --config deploy/nginx/taskdeck.conf
"""

import argparse
import asyncio
import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
import uuid

try:
    import websockets
except ImportError:  # reported in main(): the test must fail, not skip
    websockets = None

PASSWORD = "correct horse battery staple"
PIN_HEADER = "X-Taskdeck-Instance"
UPSTREAM_HEADER = "X-Taskdeck-Upstream"
STEP_TIMEOUT = 15.0  # seconds to wait for any one expected event


class Failure(Exception):
    pass


def log(*args):
    print(*args, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- processes --------------------------------------------------------------------------------


def _die_with_parent():
    """In the child: SIGTERM when this test process dies, even by SIGKILL (a CTest timeout)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - best effort; the finally block stops them anyway
        pass


def _terminated(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


class Instance:
    """One `taskdeck --headless` process; its output goes to a file in the work directory."""

    def __init__(self, name, binary, db_url, workdir):
        self.name = name
        self.binary = binary
        self.db_url = db_url
        self.log_path = os.path.join(workdir, f"taskdeck-{name}.log")
        self.proc = None
        self.port = None

    def start(self):
        out = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [self.binary, "--headless", "--port", "0", "--database-url", self.db_url,
             "--admin-password", PASSWORD, "--trusted-proxy", "127.0.0.1"],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        out.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            text = self.output()
            m = re.search(r"API listening on http://127\.0\.0\.1:(\d+)", text)
            if m and "Ready in" in text:
                self.port = int(m.group(1))
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise Failure(f"instance {self.name} did not start:\n{self.output()}")

    def output(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def nginx_binary():
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK)
                                      else None)
    if not found:
        raise Failure("nginx not found (apt-get install nginx; scripts/deps.sh installs it)")
    return found


def substitute(text, pattern, replacement, what):
    new, count = re.subn(pattern, replacement, text, flags=re.M)
    if count == 0:
        raise Failure(f"deploy config: found no {what} to substitute (pattern {pattern!r}); "
                      "update tests/app/tst_nginxpair.py with the config")
    return new


def nginx_config(deploy_conf, prefix, port, port_a, port_b):
    """The deploy config in an unprivileged nginx: everything under `prefix`, loopback ports."""
    with open(deploy_conf) as f:
        site = f.read()
    site = substitute(site, r"^(\s*)listen\s+80;", rf"\g<1>listen 127.0.0.1:{port};", "listen 80")
    # The balanced upstream gets A and B, in place of the example lines.
    site = substitute(site, r"^\s*server 127\.0\.0\.1:8001(.*)$",
                      rf"    server 127.0.0.1:{port_a}\1", "upstream server 8001")
    site = substitute(site, r"^\s*server 127\.0\.0\.1:8002(.*)$",
                      rf"    server 127.0.0.1:{port_b}\1", "upstream server 8002")
    site = substitute(site, r"access_log\s+/var/log/nginx/taskdeck\.access\.log",
                      f"access_log {prefix}/access.log", "access_log")
    # Pinning: every proxy_pass goes through a variable that names A, B or the balanced group.
    site = substitute(site, r"proxy_pass http://taskdeck;", "proxy_pass http://$taskdeck_pin;",
                      "proxy_pass http://taskdeck;")
    temp = "\n".join(f"    {kind}_temp_path {prefix}/temp/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""# Generated by tst_nginxpair.py from {deploy_conf}
worker_processes 1;
events {{ worker_connections 512; }}
http {{
{temp}
    access_log {prefix}/access.log;
    # Test only: `{PIN_HEADER}: a|b` pins a request to one instance; without it the deploy
    # config's balanced upstream is used.
    upstream taskdeck_a {{ server 127.0.0.1:{port_a}; keepalive 4; }}
    upstream taskdeck_b {{ server 127.0.0.1:{port_b}; keepalive 4; }}
    map $http_x_taskdeck_instance $taskdeck_pin {{
        default taskdeck;
        a taskdeck_a;
        b taskdeck_b;
    }}
    # Test only: which instance answered.
    add_header {UPSTREAM_HEADER} $upstream_addr always;

    # ---- deploy/nginx/taskdeck.conf ----
{site}
}}
"""


class Nginx:
    def __init__(self, workdir, deploy_conf, port_a, port_b):
        self.prefix = os.path.join(workdir, "nginx")
        os.makedirs(os.path.join(self.prefix, "temp"), exist_ok=True)
        self.port = free_port()
        self.conf = os.path.join(self.prefix, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(nginx_config(deploy_conf, self.prefix, self.port, port_a, port_b))
        self.error_log = os.path.join(self.prefix, "error.log")
        self.proc = None

    def start(self):
        binary = nginx_binary()
        globals_ = (f"daemon off; master_process on; pid {self.prefix}/nginx.pid; "
                    f"error_log {self.error_log} info;")
        test = subprocess.run([binary, "-t", "-q", "-p", self.prefix, "-e", self.error_log,
                               "-c", self.conf, "-g", globals_],
                              capture_output=True, text=True)
        if test.returncode != 0:
            raise Failure(f"nginx -t refused the config:\n{test.stdout}{test.stderr}\n"
                          f"{self.read_error_log()}")
        self.proc = subprocess.Popen([binary, "-p", self.prefix, "-e", self.error_log,
                                      "-c", self.conf, "-g", globals_],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise Failure(f"nginx exited ({self.proc.returncode}):\n{self.read_error_log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise Failure(f"nginx does not listen on {self.port}:\n{self.read_error_log()}")

    def read_error_log(self):
        try:
            with open(self.error_log, errors="replace") as f:
                return f.read()
        except OSError:
            return "(no error log)"

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # fast shutdown
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# --- database ---------------------------------------------------------------------------------


def psql(url, sql):
    run = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-X", "-c", sql],
                         capture_output=True, text=True, timeout=60)
    if run.returncode != 0:
        raise Failure(f"psql {sql!r} failed: {run.stderr.strip()}")


def with_database(url, name):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


# --- HTTP through nginx -----------------------------------------------------------------------


class Api:
    def __init__(self, base, ports):
        self.base = base
        self.ports = ports  # {"a": port, "b": port}
        self.token = None

    def call(self, method, path, body=None, pin=None, expect=(200,)):
        headers = {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        if pin:
            headers[PIN_HEADER] = pin
        request = urllib.request.Request(self.base + path, data=data, headers=headers,
                                         method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as reply:
                status, raw, upstream = reply.status, reply.read(), reply.headers.get(UPSTREAM_HEADER)
        except urllib.error.HTTPError as e:
            status, raw, upstream = e.code, e.read(), e.headers.get(UPSTREAM_HEADER)
        if status not in expect:
            raise Failure(f"{method} {path} via {pin or 'balanced'}: {status} {raw[:500]!r}")
        if pin and upstream != f"127.0.0.1:{self.ports[pin]}":
            raise Failure(f"{method} {path} pinned to {pin} was answered by {upstream!r} "
                          f"(A and B are {self.ports})")
        return json.loads(raw) if raw else None


# --- WebSocket clients ------------------------------------------------------------------------


class EventClient:
    """A WebSocket client of /api/events through nginx, pinned to one instance."""

    def __init__(self, name, ws_base, token, pin, ports, since=None):
        self.name = name
        self.url = ws_base + "/api/events" + (f"?since={since}" if since is not None else "")
        self.token = token
        self.pin = pin
        self.ports = ports
        self.since = since
        self.texts = []  # raw text frames, in arrival order
        self.events = []  # parsed
        self.closed = None  # reason the stream ended, if it did
        self.ws = None
        self.reader = None
        self.changed = asyncio.Event()

    async def connect(self):
        try:
            self.ws = await websockets.connect(
                self.url, extra_headers={"Authorization": "Bearer " + self.token,
                                         PIN_HEADER: self.pin},
                ping_interval=None, max_size=None, open_timeout=10, close_timeout=1)
        except websockets.InvalidStatusCode as e:
            body = await self._refusal_body()
            raise Failure(f"{self.name}: GET {self.url} via nginx to {self.pin.upper()}: "
                          f"{e.status_code} {body}")
        except Exception as e:  # noqa: BLE001 - reported with the URL
            raise Failure(f"{self.name}: WebSocket {self.url} via {self.pin} failed: {e!r}")
        upstream = self.ws.response_headers.get(UPSTREAM_HEADER)
        if upstream != f"127.0.0.1:{self.ports[self.pin]}":
            raise Failure(f"{self.name}: pinned to {self.pin}, reached {upstream!r} "
                          f"(A and B are {self.ports})")
        self.reader = asyncio.create_task(self._read())

    async def _refusal_body(self):
        """The same handshake again by hand, for the refusal's body (websockets drops it)."""
        parts = urllib.parse.urlsplit(self.url)
        try:
            reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
            key = base64.b64encode(os.urandom(16)).decode()
            writer.write((f"GET {parts.path}?{parts.query} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                          f"Authorization: Bearer {self.token}\r\n{PIN_HEADER}: {self.pin}\r\n"
                          f"Upgrade: websocket\r\nConnection: Upgrade\r\n"
                          f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
                          ).encode())
            data = await asyncio.wait_for(reader.read(4096), 5)
            writer.close()
            head, _, body = data.decode("utf-8", "replace").partition("\r\n\r\n")
            return f"(again: {head.splitlines()[0] if head else '-'} {body.strip()})"
        except Exception as e:  # noqa: BLE001
            return f"(body not available: {e!r})"

    async def _read(self):
        try:
            async for text in self.ws:
                self.texts.append(text)
                self.events.append(json.loads(text))
                self.changed.set()
        except websockets.ConnectionClosed as e:
            self.closed = f"closed {e.code} {e.reason}"
        except Exception as e:  # noqa: BLE001 - reported as a failure below
            self.closed = f"error {e!r}"
        self.changed.set()

    def cut(self):
        """Drop the TCP connection without a close handshake, as a network failure would."""
        self.ws.transport.abort()

    async def close(self):
        if self.ws is not None:
            self.ws.transport.abort()
        if self.reader is not None:
            try:
                await asyncio.wait_for(self.reader, 2)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                self.reader.cancel()

    def task_events(self):
        return [(e["type"], e["task"]["id"]) for e in self.events if e["type"].startswith("task.")]

    async def wait_for(self, what, predicate, timeout=STEP_TIMEOUT):
        deadline = time.monotonic() + timeout
        while not predicate():
            if self.closed:
                raise Failure(f"{self.name}: stream ended ({self.closed}) waiting for {what}")
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure(f"{self.name}: no {what} within {timeout:.0f} s")
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except asyncio.TimeoutError:
                pass

    def describe(self):
        lines = [f"  {self.name} (via nginx to {self.pin.upper()}, since={self.since}): "
                 f"{len(self.events)} events{', ' + self.closed if self.closed else ''}"]
        for e in self.events:
            target = e["task"]["id"][:8] if "task" in e else ""
            lines.append(f"    seq {e['seq']:>4}  {e['type']:<16} {target}")
        return "\n".join(lines)


# --- the scenario -----------------------------------------------------------------------------


def check_consecutive(client, problems, first=None):
    seqs = [e["seq"] for e in client.events]
    if first is not None and seqs and seqs[0] != first:
        problems.append(f"{client.name}: first seq {seqs[0]}, expected {first}")
    if not seqs and first is not None:
        problems.append(f"{client.name}: received nothing, expected seq {first} first")
    for prev, cur in zip(seqs, seqs[1:]):
        if cur != prev + 1:
            kind = "duplicate/out of order" if cur <= prev else "gap"
            problems.append(f"{client.name}: {kind}: seq {prev} then {cur}")
    if len(set(seqs)) != len(seqs):
        problems.append(f"{client.name}: duplicate seq values")


async def scenario(api, ws_base, ports, quick_hops=0):
    clients = []
    shown = False
    ops = []  # (event type, task id) in the order the changes were made (one at a time)

    async def call(*args, **kwargs):
        return await asyncio.to_thread(api.call, *args, **kwargs)

    async def create(pin, title):
        task = await call("POST", "/api/tasks", {"title": title, "category": "nginx-pair"},
                          pin=pin, expect=(201,))
        ops.append(("task.created", task["id"]))
        return task["id"]

    async def patch(pin, task_id, body):
        await call("PATCH", f"/api/tasks/{task_id}", body, pin=pin)
        ops.append(("task.updated", task_id))

    async def delete(pin, task_id):
        await call("DELETE", f"/api/tasks/{task_id}", pin=pin, expect=(204,))
        ops.append(("task.deleted", task_id))

    def has_all(client, upto, start=0):
        """True once `client` has the task events of ops[start:upto], in order."""
        wanted = ops[start:upto]
        return lambda: [t for t in client.task_events() if t in wanted] == wanted

    try:
        # Log in through nginx (balanced: either instance answers; the session is in the database).
        login = await call("POST", "/api/auth/login", {"username": "admin", "password": PASSWORD})
        api.token = login["access_token"]

        witness_a = EventClient("witness-A", ws_base, api.token, "a", ports)
        witness_b = EventClient("witness-B", ws_base, api.token, "b", ports)
        client = EventClient("client@A", ws_base, api.token, "a", ports)
        clients += [witness_a, witness_b, client]
        for c in clients:
            await c.connect()

        # Phase 1: connected to A; changes on both instances.
        t1 = await create("a", "one on A")
        t2 = await create("b", "two on B")
        t3 = await create("a", "three on A")
        t4 = await create("b", "four on B")
        await patch("b", t1, {"status": "in_progress"})
        phase1 = len(ops)
        await client.wait_for("phase 1 events", has_all(client, phase1))
        # Let the trailing metrics.updated (if any) arrive too, then cut the connection off.
        await asyncio.sleep(0.5)
        client.cut()
        await client.close()
        if not client.events:
            raise Failure("client@A received nothing")
        last = client.events[-1]["seq"]
        seen_before_cut = client.task_events()
        log(f"client@A cut off after seq {last} ({len(client.events)} events)")

        # Phase 2: disconnected; changes on both instances.
        t5 = await create("b", "five on B")
        await patch("a", t2, {"priority": 3, "description": "changed on A"})
        await create("a", "six on A")
        await delete("b", t3)
        await patch("a", t1, {"status": "completed"})
        t7 = await create("b", "seven on B")
        await patch("b", t4, {"status": "cancelled"})
        await delete("a", t5)
        await patch("a", t7, {"title": "seven, renamed on A"})
        phase2 = len(ops)
        for w in (witness_a, witness_b):
            await w.wait_for("phase 2 events", has_all(w, phase2))

        # Reconnect through nginx to B with since=<last seq received>.
        resumed = EventClient("client@B", ws_base, api.token, "b", ports, since=last)
        clients.append(resumed)
        await resumed.connect()
        missed = ops[len(seen_before_cut):phase2]
        await resumed.wait_for("the missed events", lambda: len(resumed.task_events()) >= len(missed))

        # Phase 3: live events after the replay (on both instances).
        await create("a", "eight on A")
        await patch("b", t7, {"status": "in_progress"})
        await resumed.wait_for("phase 3 events", has_all(resumed, len(ops), len(seen_before_cut)))
        for c in (witness_a, witness_b):
            await c.wait_for("phase 3 events", has_all(c, len(ops)))
        await asyncio.sleep(1.0)  # anything extra (a duplicate) would arrive now

        # ---- checks ----
        problems = []
        for c in clients:
            if c.closed and c is not client:
                problems.append(f"{c.name}: stream ended: {c.closed}")
        for c in (witness_a, witness_b, client):
            check_consecutive(c, problems)
        check_consecutive(resumed, problems, first=last + 1)

        if seen_before_cut != ops[:len(seen_before_cut)] or len(seen_before_cut) < phase1:
            problems.append(f"client@A task events {seen_before_cut} are not the first "
                            f"{phase1}+ of {ops[:phase2]}")
        expected_after = ops[len(seen_before_cut):]
        if resumed.task_events() != expected_after:
            problems.append(f"client@B task events after since={last}:\n"
                            f"      got      {resumed.task_events()}\n"
                            f"      expected {expected_after}")
        for c in (witness_a, witness_b):
            if c.task_events() != ops:
                problems.append(f"{c.name} task events {c.task_events()} != made {ops}")

        # Same seq, same bytes everywhere: the witnesses against each other and against the client.
        # (From the later of the witnesses' first events: they connected one after the other.)
        both_from = max(witness_a.events[0]["seq"], witness_b.events[0]["seq"])
        by_seq = {}
        for c in clients:
            for e, text in zip(c.events, c.texts):
                by_seq.setdefault(e["seq"], {})[c.name] = text
        for seq in sorted(by_seq):
            texts = by_seq[seq]
            if len(set(texts.values())) != 1:
                problems.append(f"seq {seq}: different JSON: " +
                                "; ".join(f"{n}: {t}" for n, t in texts.items()))
            elif seq >= both_from and (
                    "witness-A" not in texts or "witness-B" not in texts):
                problems.append(f"seq {seq} not seen by both witnesses: {sorted(texts)}")

        log("What the clients saw:")
        for c in clients:
            log(c.describe())
        shown = True
        log(f"changes made (in order): {len(ops)}; client@A saw {len(seen_before_cut)} task "
            f"events before the cut at seq {last}; client@B resumed with since={last} and got "
            f"seq {resumed.events[0]['seq'] if resumed.events else '-'}.."
            f"{resumed.events[-1]['seq'] if resumed.events else '-'}")
        if problems:
            raise Failure("mismatches:\n  " + "\n  ".join(problems))

        if quick_hops:
            await hop_quickly(api, ws_base, ports, witness_a, quick_hops)
    except Failure:
        if clients and not shown:
            log("What the clients saw (at the failure):")
            for c in clients:
                log(c.describe())
        raise
    finally:
        for c in clients:
            await c.close()


async def hop_quickly(api, ws_base, ports, on_a, hops):
    """Optional (--quick-hops N): resume on B the moment an event arrives from A, N times.

    A client whose instance goes away reconnects at once; nginx sends it to another instance,
    which may not have read the log that far yet. Every hop must be accepted (101) and start
    with the next seq.
    """
    refused = []
    for i in range(hops):
        mark = len(on_a.events)
        task = await asyncio.to_thread(api.call, "POST", "/api/tasks", {"title": f"hop {i}"},
                                       pin="a", expect=(201,))
        await on_a.wait_for("the hop's event", lambda: any(
            e["type"] == "task.created" and e["task"]["id"] == task["id"]
            for e in on_a.events[mark:]))
        seq = next(e["seq"] for e in on_a.events[mark:]
                   if e["type"] == "task.created" and e["task"]["id"] == task["id"])
        arrived = time.monotonic()
        hop = EventClient(f"hop{i}@B", ws_base, api.token, "b", ports, since=seq)
        try:
            await hop.connect()
        except Failure as e:
            refused.append(f"since={seq}, {1000 * (time.monotonic() - arrived):.1f} ms after "
                           f"A sent it: {e}")
        finally:
            await hop.close()
    log(f"quick hops A -> B: {hops - len(refused)} of {hops} accepted")
    if refused:
        raise Failure("a since= just received from A was refused by B:\n  " +
                      "\n  ".join(refused))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--taskdeck", required=True, help="the taskdeck binary")
    parser.add_argument("--config", required=True, help="deploy/nginx/taskdeck.conf")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--quick-hops", type=int, default=20, metavar="N",
                        help="afterwards, N times: resume on B the moment A sent an event")
    args = parser.parse_args()

    admin_url = os.environ.get("TASKDECK_TEST_DATABASE_URL", "")
    if not admin_url:
        log("FAIL: TASKDECK_TEST_DATABASE_URL is not set. This test needs a PostgreSQL server: "
            "run it with scripts/test.sh (which starts one), or set the variable to "
            "postgresql://user@host:port/postgres.")
        return 1
    if websockets is None:
        log("FAIL: python3-websockets is missing (apt-get install python3-websockets; "
            "scripts/deps.sh installs it)")
        return 1
    if not os.access(args.taskdeck, os.X_OK):
        log(f"FAIL: {args.taskdeck} is not an executable")
        return 1

    signal.signal(signal.SIGTERM, _terminated)  # so that `finally` stops everything
    started = time.monotonic()
    workdir = tempfile.mkdtemp(prefix="taskdeck-nginxpair.")
    os.chmod(workdir, 0o755)  # nginx workers (nobody, when run as root) read nothing here but logs
    db_name = "taskdeck_nginxpair_" + uuid.uuid4().hex[:12]
    created_db = False
    instances = []
    nginx = None
    status = 1
    try:
        psql(admin_url, f"CREATE DATABASE {db_name}")
        created_db = True
        db_url = with_database(admin_url, db_name)
        # One after the other: the first creates the schema and the admin account.
        for name in ("A", "B"):
            inst = Instance(name, args.taskdeck, db_url, workdir)
            instances.append(inst)
            inst.start()
        ports = {"a": instances[0].port, "b": instances[1].port}
        nginx = Nginx(workdir, os.path.abspath(args.config), ports["a"], ports["b"])
        nginx.start()
        log(f"instances A :{ports['a']} and B :{ports['b']} on database {db_name}, "
            f"nginx :{nginx.port} ({nginx.conf})")
        api = Api(f"http://127.0.0.1:{nginx.port}", ports)
        asyncio.run(asyncio.wait_for(scenario(api, f"ws://127.0.0.1:{nginx.port}", ports,
                                             args.quick_hops), 45 + args.quick_hops))
        status = 0
        log(f"PASS in {time.monotonic() - started:.1f} s")
    except Failure as e:
        log(f"FAIL: {e}")
    except asyncio.TimeoutError:
        log("FAIL: the scenario took longer than 45 s")
    except KeyboardInterrupt as e:
        log(f"FAIL: interrupted ({e})")
    except Exception:  # noqa: BLE001 - any error is a failure, with its trace
        log("FAIL: unexpected error\n" + traceback.format_exc())
    finally:
        if nginx is not None:
            nginx.stop()
        for inst in instances:
            inst.stop()
        if status != 0:
            for inst in instances:
                log(f"---- taskdeck {inst.name} output (last 40 lines) ----")
                log("\n".join(inst.output().splitlines()[-40:]))
            if nginx is not None:
                log("---- nginx error log (last 40 lines) ----")
                log("\n".join(nginx.read_error_log().splitlines()[-40:]))
        if created_db:
            try:
                psql(admin_url, f"DROP DATABASE IF EXISTS {db_name} WITH (FORCE)")
            except Exception as e:  # noqa: BLE001
                log(f"note: could not drop {db_name}: {e}")
        if args.keep:
            log(f"work directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
