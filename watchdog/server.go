package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Headers of the protocol between the platform and the watchdog.
const (
	headerError     = "X-Faas-Error"
	headerExitCode  = "X-Faas-Exit-Code"
	headerSignal    = "X-Faas-Signal"
	headerDuration  = "X-Faas-Duration-Micros"
	headerRequestID = "X-Request-Id"
)

// statusClientClosed marks an invocation whose caller went away; nobody reads it, but the log does.
const statusClientClosed = 499

// watchdog serves /healthz and /invoke for one function instance.
type watchdog struct {
	cfg    config
	procs  *supervisor
	ooms   *oomWatch
	client *http.Client
	ready  atomic.Bool
}

func newWatchdog(cfg config, procs *supervisor) *watchdog {
	return &watchdog{cfg: cfg, procs: procs, ooms: newOOMWatch(), client: upstreamClient()}
}

func (w *watchdog) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", w.health)
	mux.HandleFunc("/invoke", w.invoke)
	return mux
}

func (w *watchdog) health(rw http.ResponseWriter, _ *http.Request) {
	if !w.ready.Load() {
		writeJSON(rw, http.StatusServiceUnavailable, map[string]string{"status": "starting"})
		return
	}
	writeJSON(rw, http.StatusOK, map[string]string{"status": "ready"})
}

func (w *watchdog) invoke(rw http.ResponseWriter, r *http.Request) {
	started := time.Now()
	body, rejected := w.accept(r)
	if rejected.code != "" {
		w.reply(rw, r, started, rejected)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), w.cfg.timeout)
	defer cancel()
	var res result
	if w.cfg.mode == modeStdio {
		res = w.runCommand(ctx, body)
	} else {
		res = w.forward(ctx, body, r.Header)
	}
	w.reply(rw, r, started, w.explainCancel(r, res))
}

// accept checks the request before any work starts and reads its body, at most FAAS_MAX_BODY_BYTES.
//
// TODO: bodies are held in memory whole (up to the limit per concurrent invocation, both ways); streaming them
// would lower the watchdog's memory inside small containers but needs the platform to stream too.
func (w *watchdog) accept(r *http.Request) ([]byte, result) {
	if r.Method != http.MethodPost {
		return nil, failure(http.StatusMethodNotAllowed, "method", "invoke takes POST")
	}
	if !w.ready.Load() {
		return nil, failure(http.StatusServiceUnavailable, "not_ready", "the function is not ready")
	}
	tooLarge := failure(http.StatusRequestEntityTooLarge, "too_large",
		fmt.Sprintf("the request body exceeds %d bytes", w.cfg.maxBody))
	if r.ContentLength > w.cfg.maxBody {
		return nil, tooLarge
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, w.cfg.maxBody+1))
	if err != nil {
		return nil, failure(http.StatusBadRequest, "read", "cannot read the request body")
	}
	if int64(len(body)) > w.cfg.maxBody {
		return nil, tooLarge
	}
	return body, result{}
}

// explainCancel tells a caller that went away from a timeout: both end the context, only one is the function's.
func (w *watchdog) explainCancel(r *http.Request, res result) result {
	if res.code == "timeout" && r.Context().Err() != nil {
		return failure(statusClientClosed, "cancelled", "the caller closed the connection")
	}
	return res
}

func (w *watchdog) reply(rw http.ResponseWriter, r *http.Request, started time.Time, res result) {
	header := rw.Header()
	header.Set(headerDuration, strconv.FormatInt(time.Since(started).Microseconds(), 10))
	if res.code == "" {
		header.Set("Content-Type", res.contentType)
		header.Set("Content-Length", strconv.Itoa(len(res.body)))
		rw.WriteHeader(res.status)
		_, _ = rw.Write(res.body)
		return
	}
	log.Printf("invocation failed request=%s error=%s status=%d duration=%s",
		printable(r.Header.Get(headerRequestID)), res.code, res.status, time.Since(started).Round(time.Microsecond))
	header.Set(headerError, res.code)
	for name, value := range res.headers {
		header.Set(name, value)
	}
	writeJSON(rw, res.status, map[string]string{"error": res.code, "message": res.message})
}

func (w *watchdog) timedOut() result {
	return failure(http.StatusGatewayTimeout, "timeout",
		fmt.Sprintf("the function ran past its timeout of %d ms", w.cfg.timeout.Milliseconds()))
}

// result is what one invocation produced: the function's answer, or an error with a stable code.
type result struct {
	status      int
	contentType string
	body        []byte
	code        string
	message     string
	headers     map[string]string
}

func failure(status int, code, message string) result {
	return result{status: status, code: code, message: message}
}

func writeJSON(rw http.ResponseWriter, status int, value any) {
	rw.Header().Set("Content-Type", "application/json")
	rw.WriteHeader(status)
	_ = json.NewEncoder(rw).Encode(value)
}

// printable keeps a caller-supplied identifier from forging log lines: short, and nothing but visible ASCII.
func printable(id string) string {
	if id == "" {
		return "-"
	}
	if len(id) > 64 {
		id = id[:64]
	}
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r > '~' {
			return '_'
		}
		return r
	}, id)
}
