package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/gocql/gocql"
)

// opSupported is the SUPPORTED opcode: the answer to OPTIONS, which gocql also sends as its heartbeat.
const opSupported = 0x06

// debug logs every response frame header to stderr (GOCORE_DEBUG=1).
var debug = os.Getenv("GOCORE_DEBUG") != ""

// frameWatcher records the response frame headers gocql reads on every connection (control and pool).
type frameWatcher struct {
	mu         sync.Mutex
	versions   map[int]int
	streams    map[int16]bool
	supported  int
	errors     int
	compressed int
	total      int
}

func newFrameWatcher() *frameWatcher {
	return &frameWatcher{versions: map[int]int{}, streams: map[int16]bool{}}
}

func (w *frameWatcher) ObserveFrameHeader(_ context.Context, h gocql.ObservedFrameHeader) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.total++
	if debug {
		fmt.Fprintf(os.Stderr, "%s frame v%d stream %d op 0x%02x len %d from %s\n", time.Now().Format("15:04:05.000"), byte(h.Version), h.Stream, byte(h.Opcode), h.Length, h.Host.ConnectAddress())
	}
	w.versions[int(byte(h.Version)&0x7F)]++
	w.streams[h.Stream] = true
	if h.Flags&0x01 != 0 {
		w.compressed++
	}
	switch byte(h.Opcode) {
	case opSupported:
		w.supported++
	case 0x00:
		w.errors++
	}
}

// Version is the protocol version of most response frames (the negotiated one; probes are few).
func (w *frameWatcher) Version() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	best, count := 0, 0
	for v, n := range w.versions {
		if n > count {
			best, count = v, n
		}
	}
	return best
}

// WaitForHeartbeats waits until n more SUPPORTED answers arrived than when it was called; returns how many did.
func (w *frameWatcher) WaitForHeartbeats(n int, timeout time.Duration) int {
	w.mu.Lock()
	start := w.supported
	w.mu.Unlock()
	deadline := time.Now().Add(timeout)
	for {
		w.mu.Lock()
		got := w.supported - start
		w.mu.Unlock()
		if got >= n || time.Now().After(deadline) {
			return got
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Summary is the response frames by version, how many distinct stream ids carried them, and the highest.
func (w *frameWatcher) Summary() map[string]interface{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	ids := []int{}
	for s := range w.streams {
		ids = append(ids, int(s))
	}
	sort.Ints(ids)
	versions := map[string]int{}
	for v, n := range w.versions {
		versions[string(rune('0'+v))] = n
	}
	return map[string]interface{}{
		"total": w.total, "versions": versions, "distinctStreams": len(ids), "maxStream": ids[len(ids)-1], "errors": w.errors, "compressed": w.compressed,
	}
}
