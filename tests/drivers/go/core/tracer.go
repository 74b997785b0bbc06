package main

import (
	"net"
	"sync"

	"github.com/gocql/gocql"
)

// sessionTracer reads back the trace of each traced request the way gocql's TraceWriter does: the session row and
// its events from system_traces, by the tracing id the response carried.
type sessionTracer struct {
	session *gocql.Session
	mu      sync.Mutex
	traces  []map[string]interface{}
}

func (t *sessionTracer) Trace(traceID []byte) {
	var (
		coordinator net.IP
		duration    int
		request     string
		parameters  map[string]string
	)
	trace := map[string]interface{}{"idBytes": len(traceID)}
	err := t.session.Query(`SELECT coordinator, duration, request, parameters FROM system_traces.sessions WHERE session_id = ?`, traceID).
		Scan(&coordinator, &duration, &request, &parameters)
	if err != nil {
		trace["error"] = err.Error()
	} else {
		trace["coordinator"] = coordinator.String()
		trace["durationPositive"] = duration > 0
		trace["request"] = request
		trace["query"] = parameters["query"]
	}
	iter := t.session.Query(`SELECT activity FROM system_traces.events WHERE session_id = ?`, traceID).Iter()
	activities := []string{}
	var activity string
	for iter.Scan(&activity) {
		activities = append(activities, activity)
	}
	if err := iter.Close(); err != nil {
		trace["eventsError"] = err.Error()
	}
	trace["lastEvent"] = ""
	if len(activities) > 0 {
		trace["lastEvent"] = activities[len(activities)-1]
	}
	trace["events"] = len(activities)
	t.mu.Lock()
	t.traces = append(t.traces, trace)
	t.mu.Unlock()
}
