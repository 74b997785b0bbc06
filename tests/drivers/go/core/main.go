// Drives a CQL server with gocql (default cluster config: initial host lookup, token-aware host policy, protocol
// negotiation) and prints one JSON object with what it observed. Usage: core PORT [PROTOCOL|default] [snappy]
// Built in GOPATH mode (no go.mod): GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off go build
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"time"

	"github.com/gocql/gocql"
	"gopkg.in/inf.v0"
)

func fail(stage string, err error) {
	fmt.Fprintf(os.Stderr, "%s: %v\n", stage, err)
	os.Exit(1)
}

func must(stage string, err error) {
	if err != nil {
		fail(stage, err)
	}
}

func main() {
	port, err := strconv.Atoi(os.Args[1])
	must("port", err)
	cluster := gocql.NewCluster("127.0.0.1")
	cluster.Port = port
	if len(os.Args) > 2 && os.Args[2] != "default" {
		cluster.ProtoVersion, err = strconv.Atoi(os.Args[2])
		must("protocol", err)
	}
	if len(os.Args) > 3 && os.Args[3] == "snappy" {
		cluster.Compressor = &gocql.SnappyCompressor{}
	}
	// gocql's 600 ms defaults are for a quiet network; a loaded CI machine needs more.
	cluster.Timeout = 30 * time.Second
	cluster.ConnectTimeout = 30 * time.Second
	watcher := newFrameWatcher()
	cluster.FrameHeaderObserver = watcher
	session, err := cluster.CreateSession()
	must("connect", err)
	defer session.Close()
	out := map[string]interface{}{}

	must("create keyspace", session.Query(`CREATE KEYSPACE IF NOT EXISTS gks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`).Exec())
	must("create table", session.Query(`CREATE TABLE IF NOT EXISTS gks.items (cat text, id int, name text, qty bigint, price decimal,
		tags set<text>, attrs map<text, text>, at timestamp, uid uuid, data blob, flag boolean, score double, PRIMARY KEY (cat, id))`).Exec())
	out["protocol"] = watcher.Version()

	uid := gocql.TimeUUID()
	insert := `INSERT INTO gks.items (cat, id, name, qty, price, tags, attrs, at, uid, data, flag, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	for i := 0; i < 30; i++ {
		price := inf.NewDec(int64(100+i), 2)
		at := time.Date(2024, 1, 1, 0, 0, i, 0, time.UTC)
		must("insert", session.Query(insert, "c1", i, fmt.Sprintf("item%d", i), int64(i)*10000000000, price,
			[]string{fmt.Sprintf("t%d", i%3), "all"}, map[string]string{"k": fmt.Sprintf("v%d", i)}, at, uid,
			[]byte{byte(i), 0xFF}, i%2 == 0, float64(i)+0.5).Exec())
	}

	var (
		name  string
		qty   int64
		price *inf.Dec
		tags  []string
		attrs map[string]string
		at    time.Time
		gotID gocql.UUID
		data  []byte
		flag  bool
		score float64
	)
	must("select", session.Query(`SELECT name, qty, price, tags, attrs, at, uid, data, flag, score FROM gks.items WHERE cat = ? AND id = ?`, "c1", 7).
		Scan(&name, &qty, &price, &tags, &attrs, &at, &gotID, &data, &flag, &score))
	sort.Strings(tags)
	out["row"] = map[string]interface{}{
		"name": name, "qty": qty, "price": price.String(), "tags": tags, "attrs": attrs, "at": at.UTC().Format(time.RFC3339),
		"uid": gotID == uid, "data": fmt.Sprintf("%x", data), "flag": flag, "score": score,
	}

	// Paging: the iterator fetches every page by itself; PageState resumes a query where a page ended.
	var paged []int
	iter := session.Query(`SELECT id FROM gks.items WHERE cat = ?`, "c1").PageSize(7).Iter()
	var id int
	for iter.Scan(&id) {
		paged = append(paged, id)
	}
	must("paging", iter.Close())
	out["paged"] = paged
	var pages [][]int
	var state []byte
	for p := 0; p < 2; p++ {
		it := session.Query(`SELECT id FROM gks.items WHERE cat = ?`, "c1").PageSize(10).PageState(state).Iter()
		page := []int{}
		for n := it.NumRows(); n > 0 && it.Scan(&id); n-- {
			page = append(page, id)
		}
		state = it.PageState()
		must("page", it.Close())
		pages = append(pages, page)
	}
	out["pages"] = pages

	// Batches: logged and unlogged.
	logged := session.NewBatch(gocql.LoggedBatch)
	logged.Query(`UPDATE gks.items SET name = ? WHERE cat = ? AND id = ?`, "renamed", "c1", 1)
	logged.Query(`DELETE FROM gks.items WHERE cat = ? AND id = ?`, "c1", 2)
	must("logged batch", session.ExecuteBatch(logged))
	unlogged := session.NewBatch(gocql.UnloggedBatch)
	unlogged.Query(`INSERT INTO gks.items (cat, id, name) VALUES (?, ?, ?)`, "c3", 1, "u1")
	unlogged.Query(`INSERT INTO gks.items (cat, id, name) VALUES (?, ?, ?)`, "c3", 2, "u2")
	must("unlogged batch", session.ExecuteBatch(unlogged))
	batch := [][]interface{}{}
	it := session.Query(`SELECT id, name FROM gks.items WHERE cat = ? AND id IN (1, 2)`, "c1").Iter()
	for it.Scan(&id, &name) {
		batch = append(batch, []interface{}{id, name})
	}
	must("batch read", it.Close())
	out["batch"] = batch
	var unloggedCount int
	must("unlogged read", session.Query(`SELECT COUNT(*) FROM gks.items WHERE cat = ?`, "c3").Scan(&unloggedCount))
	out["unlogged"] = unloggedCount

	// Lightweight transactions.
	applied1, err := session.Query(`INSERT INTO gks.items (cat, id, name) VALUES ('c2', 1, 'a') IF NOT EXISTS`).MapScanCAS(map[string]interface{}{})
	must("lwt 1", err)
	previous := map[string]interface{}{}
	applied2, err := session.Query(`INSERT INTO gks.items (cat, id, name) VALUES ('c2', 1, 'b') IF NOT EXISTS`).MapScanCAS(previous)
	must("lwt 2", err)
	var current string
	applied3, err := session.Query(`UPDATE gks.items SET name = ? WHERE cat = ? AND id = ? IF name = ?`, "c", "c2", 1, "zzz").ScanCAS(&current)
	must("lwt 3", err)
	out["lwt"] = []interface{}{applied1, applied2, previous["name"], applied3, current}

	// A conditional batch that fails answers one row per row its conditions read, after [applied].
	casBatch := session.NewBatch(gocql.LoggedBatch)
	casBatch.Query(`UPDATE gks.items SET name = ? WHERE cat = ? AND id = ? IF name = ?`, "x", "c1", 4, "item4")
	casBatch.Query(`UPDATE gks.items SET name = ? WHERE cat = ? AND id = ? IF name = ?`, "y", "c1", 3, "nope")
	var casCat, casName string
	var casID int
	casApplied, casIter, err := session.ExecuteBatchCAS(casBatch, &casCat, &casID, &casName)
	must("cas batch", err)
	casRows := [][]interface{}{{casID, casName}}
	for casIter.Scan(&casApplied, &casCat, &casID, &casName) {
		casRows = append(casRows, []interface{}{casID, casName})
	}
	must("cas batch rows", casIter.Close())
	out["casBatch"] = map[string]interface{}{"applied": casApplied, "rows": casRows}

	// A session bound to a keyspace sends USE on each of its connections.
	bound := *cluster
	bound.Keyspace = "gks"
	boundSession, err := bound.CreateSession()
	must("keyspace session", err)
	must("unqualified select", boundSession.Query(`SELECT name FROM items WHERE cat = ? AND id = ?`, "c1", 9).Scan(&name))
	boundSession.Close()
	out["useKeyspace"] = name

	// Tracing: the response carries a tracing id whose session and events are in system_traces.
	tracer := &sessionTracer{session: session}
	must("traced select", session.Query(`SELECT name FROM gks.items WHERE cat = ? AND id = ?`, "c1", 5).Trace(tracer).Scan(&name))
	must("traced insert", session.Query(`INSERT INTO gks.items (cat, id, name) VALUES ('c4', 1, 'traced')`).Trace(tracer).Exec())
	out["traced"] = map[string]interface{}{"name": name, "traces": tracer.traces}

	// Errors carry their codes.
	errs := map[string]interface{}{}
	for _, q := range [][2]string{{"syntax", "SELECT FROM"}, {"table", "SELECT * FROM gks.missing"}, {"keyspace", "SELECT * FROM missing.t"}} {
		err := session.Query(q[1]).Exec()
		var re gocql.RequestError
		switch {
		case err == nil:
			errs[q[0]] = nil
		case errors.As(err, &re):
			errs[q[0]] = []interface{}{re.Code(), re.Message()}
		default:
			errs[q[0]] = []interface{}{-1, err.Error()}
		}
	}
	out["errors"] = errs

	// gocql's own schema metadata (prepared queries on system_schema.*).
	ks, err := session.KeyspaceMetadata("gks")
	must("keyspace metadata", err)
	table := ks.Tables["items"]
	if table == nil {
		fail("keyspace metadata", fmt.Errorf("no table items in %v", ks.Tables))
	}
	columns := []string{}
	for _, c := range table.OrderedColumns {
		columns = append(columns, c+":"+table.Columns[c].Type.Type().String())
	}
	partition := []string{}
	for _, c := range table.PartitionKey {
		partition = append(partition, c.Name)
	}
	clustering := []string{}
	for _, c := range table.ClusteringColumns {
		clustering = append(clustering, c.Name)
	}
	out["metadata"] = map[string]interface{}{
		"durable": ks.DurableWrites, "strategy": ks.StrategyClass, "options": ks.StrategyOptions,
		"columns": columns, "partitionKey": partition, "clustering": clustering,
	}

	must("drop keyspace", session.Query(`DROP KEYSPACE gks`).Exec())
	// The control connection sends OPTIONS as a heartbeat one second after connecting, then every five.
	out["heartbeats"] = watcher.WaitForHeartbeats(1, 30*time.Second)
	out["frames"] = watcher.Summary()
	text, err := json.Marshal(out)
	must("json", err)
	fmt.Println(string(text))
}
