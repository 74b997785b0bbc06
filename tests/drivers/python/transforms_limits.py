"""RequestThrottling through the proxy (see RequestThrottlingTests): a low sustained rate with a burst large enough to connect."""
import time
from transforms_common import error_name, run


def request_throttling(bed, out):
    s = bed.proxy()
    statement = s.prepare("SELECT release_version FROM system.local")
    time.sleep(1.5)  # let the bucket refill after connecting and preparing
    results = {}
    for _ in range(60):
        try:
            s.execute(statement)
            key = "ok"
        except Exception as e:  # noqa: BLE001
            key = error_name(e)
            out["overloaded_message"] = str(e)
        results[key] = results.get(key, 0) + 1
    out["results"] = results
    time.sleep(2.5)  # at the test's 1 request per second, room for two again
    out["after_pause"] = s.execute(statement).one().release_version is not None


run({"RequestThrottling": request_throttling})
