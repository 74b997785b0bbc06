"""Minimal connect with default settings; prints cluster name and keyspaces as JSON."""
import json
import sys
import logging
from cassandra.cluster import Cluster
from ci_timeouts import generous

logging.basicConfig(level=logging.WARNING)
port = int(sys.argv[1])
cluster = Cluster(['127.0.0.1'], port=port, **generous())
session = cluster.connect()
row = session.execute("SELECT cluster_name, release_version FROM system.local WHERE key='local'").one()
print(json.dumps({"cluster_name": row.cluster_name, "protocol": cluster.protocol_version,
                  "keyspaces": sorted(cluster.metadata.keyspaces.keys())}))
cluster.shutdown()
