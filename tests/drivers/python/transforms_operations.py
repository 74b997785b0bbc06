"""The built-in stages' operations through the proxy's admin endpoint (see tests/.../Transforms/Operations):
their counters on /metrics, and run-time switches on a driver session that stays connected.
Run as transforms_operations.py SCENARIO PROXY_PORT NODE_PORT SECONDARY_PORT ADMIN_URL."""
import json
import time
import urllib.error
import urllib.request
from prometheus_text import scrape
from transforms_common import error_name, keyspace, run


def admin(bed, method, path, body=None):
    """(status, parsed JSON answer) of an admin request; error statuses are answers too."""
    data = None if body is None else (body if isinstance(body, str) else json.dumps(body)).encode()
    request = urllib.request.Request(bed.admin + path, data=data, method=method, headers={'Content-Type': 'application/json'})
    try:
        with urllib.request.urlopen(request, timeout=20) as r:
            return r.status, json.loads(r.read().decode())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read().decode())


def metrics(bed, out):
    # Stages: QueryCounter "outer", Cache {"opsm.c": ["k"]}, QueryCounter "inner" (sees only what the cache let through).
    s = bed.proxy(schema_event_refresh_window=-1, topology_event_refresh_window=-1)
    keyspace(s, "opsm")
    s.execute("CREATE TABLE IF NOT EXISTS opsm.c (k int PRIMARY KEY, v text)")
    s.execute("CREATE TABLE IF NOT EXISTS opsm.w (k int PRIMARY KEY, v text)")
    insert_w = s.prepare("INSERT INTO opsm.w (k, v) VALUES (?, ?)")
    select_c = s.prepare("SELECT v FROM opsm.c WHERE k = ?")
    time.sleep(0.5)  # let the driver's own schema refresh after the DDL finish
    before = scrape(bed.admin)
    for i in range(5):
        s.execute(insert_w, (i, 'w'))                                    # Write opsm.w x5 (EXECUTE)
    for _ in range(3):
        s.execute("INSERT INTO opsm.c (k, v) VALUES (1, 'a')")           # Write opsm.c x3 (QUERY), nothing cached yet
    reads = [s.execute(select_c, (1,)).one().v for _ in range(6)]       # 1 miss, 5 hits
    s.execute("UPDATE opsm.c SET v = 'b' WHERE k = 1")                   # Write opsm.c, invalidates the entry
    reads += [s.execute(select_c, (1,)).one().v for _ in range(2)]      # 1 miss, 1 hit
    errors = []
    for _ in range(2):
        try:
            s.execute("SELECT * FROM opsm.nope")                         # Read opsm.nope, answered Invalid
        except Exception as e:  # noqa: BLE001 - the class name is the observation
            errors.append(error_name(e))
    after = scrape(bed.admin)
    out["reads"] = reads
    out["errors"] = errors
    out["delta"] = {k: after[k] - before.get(k, 0) for k in after
                    if k.startswith(('scriptproxy_query_', 'scriptproxy_cache_', 'scriptproxy_stage_invocations_'))
                    and after[k] != before.get(k, 0)}
    out["after"] = {k: v for k, v in after.items() if k.startswith(('scriptproxy_query_', 'scriptproxy_cache_'))}
    # The second QueryCounter by its unique name ('#' escaped): while it is disabled only the first one counts.
    out["disable"] = admin(bed, "POST", "/stages/QueryCounter%232/disable")
    s.execute(insert_w, (9, 'w'))
    disabled = scrape(bed.admin)
    out["while_disabled"] = {k: disabled[k] - after.get(k, 0) for k in disabled
                             if 'keyspace="opsm"' in k and disabled[k] != after.get(k, 0)}
    out["enable"] = admin(bed, "POST", "/stages/QueryCounter%232/enable")
    s.execute(insert_w, (10, 'w'))
    enabled = scrape(bed.admin)
    out["after_enable"] = {k: enabled[k] - disabled.get(k, 0) for k in enabled
                           if 'keyspace="opsm"' in k and enabled[k] != disabled.get(k, 0)}


def read(session, k):
    """The rows of opsm2.t for k, or the error's class and code, plus its message."""
    try:
        return [r.v for r in session.execute("SELECT v FROM opsm2.t WHERE k = %d" % k)]
    except Exception as e:  # noqa: BLE001 - the error is the observation
        return error_name(e) + ": " + str(e)


def tee_switch(bed, out):
    # Stages: Tee (mismatch Ignore) to the second node, then a QueryCounter (no switchable settings).
    s = bed.proxy()
    keyspace(s, "opsm2")                                                 # Tee mirrors schema and writes to both
    s.execute("CREATE TABLE IF NOT EXISTS opsm2.t (k int PRIMARY KEY, v text)")
    s.execute("INSERT INTO opsm2.t (k, v) VALUES (1, 'same')")
    bed.secondary().execute("INSERT INTO opsm2.t (k, v) VALUES (2, 'secondary only')")
    steps = {"get": admin(bed, "GET", "/stages/Tee/settings"), "ignore": read(s, 2)}
    steps["fail_on"] = admin(bed, "PUT", "/stages/Tee/settings", {"mismatch": "FailOnMismatch"})
    steps["diverged"] = read(s, 2)
    steps["same"] = read(s, 1)
    steps["back"] = admin(bed, "PUT", "/stages/tee/settings", {"mismatch": "ignore"})
    steps["restored"] = read(s, 2)
    steps["secondary"] = admin(bed, "PUT", "/stages/Tee/settings", {"resultSource": "secondary"})
    steps["from_secondary"] = read(s, 2)
    steps["primary"] = admin(bed, "PUT", "/stages/Tee/settings", {"resultSource": "Primary"})
    steps["from_primary"] = read(s, 2)
    steps["bad_value"] = admin(bed, "PUT", "/stages/Tee/settings", {"mismatch": "Sometimes"})
    steps["bad_key"] = admin(bed, "PUT", "/stages/Tee/settings", {"colour": "red"})
    steps["not_string"] = admin(bed, "PUT", "/stages/Tee/settings", {"mismatch": 2})
    steps["empty"] = admin(bed, "PUT", "/stages/Tee/settings", {})
    steps["not_json"] = admin(bed, "PUT", "/stages/Tee/settings", "mismatch=Ignore")
    steps["mixed"] = admin(bed, "PUT", "/stages/Tee/settings", {"resultSource": "Secondary", "mismatch": "Nope"})
    steps["after_mixed"] = admin(bed, "GET", "/stages/Tee/settings")
    steps["unknown_stage"] = admin(bed, "PUT", "/stages/nope/settings", {"mismatch": "Ignore"})
    steps["no_settings"] = admin(bed, "PUT", "/stages/QueryCounter/settings", {"mismatch": "Ignore"})
    steps["last"] = read(s, 1)
    out.update(steps)


def dual_write_switch(bed, out):
    # Stage: DualWrite to the second node, reads from the origin.
    s = bed.proxy()
    target = bed.secondary()
    for session in (s, target):                                          # DualWrite sends schema to the origin only
        keyspace(session, "opsm2")
        session.execute("CREATE TABLE IF NOT EXISTS opsm2.t (k int PRIMARY KEY, v text)")
    s.execute("INSERT INTO opsm2.t (k, v) VALUES (1, 'both')")
    target.execute("INSERT INTO opsm2.t (k, v) VALUES (2, 'target only')")
    out["origin"] = read(s, 2)
    out["to_target"] = admin(bed, "PUT", "/stages/DualWrite/settings", {"reads": "Target"})
    out["target"] = read(s, 2)
    out["to_origin"] = admin(bed, "PUT", "/stages/DualWrite/settings", {"reads": "Origin"})
    out["origin_again"] = read(s, 2)
    out["bad_value"] = admin(bed, "PUT", "/stages/DualWrite/settings", {"reads": "Both"})


run({"Metrics": metrics, "TeeSwitch": tee_switch, "DualWriteSwitch": dual_write_switch})
