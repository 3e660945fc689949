package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// watchdog serves /healthz and /invoke for one function.
type watchdog struct {
	cfg      config
	ready    atomic.Bool
	mu       sync.Mutex
	children map[int]struct{}
	client   *http.Client
}

func newWatchdog(cfg config) *watchdog {
	return &watchdog{
		cfg:      cfg,
		children: map[int]struct{}{},
		client:   &http.Client{Transport: &http.Transport{Proxy: nil, DisableCompression: true}},
	}
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
	if r.Method != http.MethodPost {
		w.fail(rw, started, http.StatusMethodNotAllowed, "method", "invoke takes POST")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, w.cfg.maxBody+1))
	if err != nil {
		w.fail(rw, started, http.StatusBadRequest, "read", "cannot read the request body")
		return
	}
	if int64(len(body)) > w.cfg.maxBody {
		w.fail(rw, started, http.StatusRequestEntityTooLarge, "too_large",
			fmt.Sprintf("body exceeds %d bytes", w.cfg.maxBody))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), w.cfg.timeout)
	defer cancel()
	var res result
	if w.cfg.mode == "stdio" {
		res = w.runCommand(ctx, body)
	} else {
		res = w.forward(ctx, body, r.Header.Get("Content-Type"))
	}
	if res.code != "" {
		log.Printf("invocation failed error=%s status=%d duration=%s", res.code, res.status, time.Since(started))
		w.fail(rw, started, res.status, res.code, res.message)
		return
	}
	rw.Header().Set("Content-Type", res.contentType)
	rw.Header().Set("X-Faas-Duration-Micros", micros(started))
	rw.WriteHeader(res.status)
	_, _ = rw.Write(res.body)
}

// result is what one invocation produced; code is empty on success.
type result struct {
	status      int
	contentType string
	body        []byte
	code        string
	message     string
	exitCode    int
}

func failure(status int, code, message string) result {
	return result{status: status, code: code, message: message}
}

func (w *watchdog) fail(rw http.ResponseWriter, started time.Time, status int, code, message string) {
	rw.Header().Set("X-Faas-Error", code)
	rw.Header().Set("X-Faas-Duration-Micros", micros(started))
	writeJSON(rw, status, map[string]string{"error": code, "message": message})
}

func writeJSON(rw http.ResponseWriter, status int, value any) {
	rw.Header().Set("Content-Type", "application/json")
	rw.WriteHeader(status)
	_ = json.NewEncoder(rw).Encode(value)
}

func micros(started time.Time) string {
	return strconv.FormatInt(time.Since(started).Microseconds(), 10)
}
