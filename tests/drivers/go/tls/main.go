// Connects to the proxy over TLS with gocql (default cluster config), verifying the proxy's certificate against a CA
// file and its IP SAN 127.0.0.1, runs a small read/write scenario and prints one JSON object.
// Usage: tls PORT CA_PEM. Built in GOPATH mode (no go.mod): GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off go build
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"time"

	"github.com/gocql/gocql"
)

func must(stage string, err error) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", stage, err)
		os.Exit(1)
	}
}

func main() {
	port, err := strconv.Atoi(os.Args[1])
	must("port", err)
	cluster := gocql.NewCluster("127.0.0.1")
	cluster.Port = port
	cluster.Timeout = 30 * time.Second
	cluster.ConnectTimeout = 30 * time.Second
	cluster.SslOpts = &gocql.SslOptions{CaPath: os.Args[2], EnableHostVerification: true}
	session, err := cluster.CreateSession()
	must("connect", err)
	defer session.Close()

	must("create keyspace", session.Query(`CREATE KEYSPACE IF NOT EXISTS tlsgo WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`).Exec())
	must("create table", session.Query(`CREATE TABLE IF NOT EXISTS tlsgo.kv (k int PRIMARY KEY, v text)`).Exec())
	for i := 0; i < 30; i++ {
		must("insert", session.Query(`INSERT INTO tlsgo.kv (k, v) VALUES (?, ?)`, i, fmt.Sprintf("v%d", i)).Exec())
	}
	rows := 0
	iter := session.Query(`SELECT k, v FROM tlsgo.kv`).Iter()
	var k int
	var v string
	for iter.Scan(&k, &v) {
		rows++
	}
	must("select all", iter.Close())
	var v7 string
	must("select one", session.Query(`SELECT v FROM tlsgo.kv WHERE k = ?`, 7).Scan(&v7))
	ks, err := session.KeyspaceMetadata("tlsgo")
	must("metadata", err)
	columns := []string{}
	for name := range ks.Tables["kv"].Columns {
		columns = append(columns, name)
	}
	sort.Strings(columns)
	text, err := json.Marshal(map[string]interface{}{"rows": rows, "v7": v7, "columns": columns})
	must("json", err)
	fmt.Println(string(text))
}
