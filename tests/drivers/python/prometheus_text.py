"""The proxy's /metrics (Prometheus text) as {'name{labels}': value}, for the driver scripts that measure it."""
import re
import urllib.request


def scrape(admin):
    """Every scriptproxy_ series of ADMIN_URL/metrics."""
    text = urllib.request.urlopen(admin.rstrip('/') + '/metrics', timeout=20).read().decode()
    values = {}
    for line in text.splitlines():
        m = re.match(r'^(scriptproxy_\w+)(\{[^}]*\})? (\S+)$', line)
        if m:
            values[m.group(1) + (m.group(2) or '')] = float(m.group(3))
    return values
