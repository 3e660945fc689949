package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"
)

// instance is a watchdog serving on a unix socket in a test's temp directory, as the platform would reach it.
type instance struct {
	w      *watchdog
	client *http.Client
}

// serve starts a watchdog configured by env; it stops, with its processes, when the test ends.
func serve(t *testing.T, env map[string]string) *instance {
	t.Helper()
	socket := filepath.Join(t.TempDir(), "w.sock")
	env["FAAS_SOCKET"] = socket
	cfg, err := loadConfig(func(name string) string { return env[name] })
	if err != nil {
		t.Fatalf("configuration: %v", err)
	}
	listener, err := listen(socket)
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	w := newWatchdog(cfg, processes())
	server := &http.Server{Handler: w.routes()}
	go func() { _ = server.Serve(listener) }()
	stopped := w.start()
	t.Cleanup(func() {
		server.Close()
		w.procs.stopAll(time.Second)
		select {
		case reason := <-stopped:
			t.Logf("function server stopped: %s", reason)
		default:
		}
	})
	dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", socket)
	}
	return &instance{w: w, client: &http.Client{Transport: &http.Transport{DialContext: dial}}}
}

// answer is one response of the watchdog, read whole.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) errorCode(t *testing.T) string {
	t.Helper()
	var shape map[string]string
	if err := json.Unmarshal(a.body, &shape); err != nil {
		t.Fatalf("error body is not JSON: %q", a.body)
	}
	if shape["message"] == "" || a.header.Get(headerError) != shape["error"] {
		t.Fatalf("error without message or with a header that disagrees: %v %q", a.header, a.body)
	}
	return shape["error"]
}

func (i *instance) invoke(t *testing.T, contentType string, body []byte) answer {
	t.Helper()
	resp, err := i.client.Post("http://watchdog/invoke", contentType, bytes.NewReader(body))
	if err != nil {
		t.Fatalf("invoke: %v", err)
	}
	return read(t, resp)
}

func (i *instance) get(t *testing.T, path string) answer {
	t.Helper()
	resp, err := i.client.Get("http://watchdog" + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return read(t, resp)
}

func (i *instance) awaitReady(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if i.get(t, "/healthz").status == http.StatusOK {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the watchdog never became ready")
}

func read(t *testing.T, resp *http.Response) answer {
	t.Helper()
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	if resp.Request.URL.Path == "/invoke" && resp.Header.Get(headerDuration) == "" {
		t.Fatalf("answer without %s: %v", headerDuration, resp.Header)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: body}
}

func stdio(command string, extra ...string) map[string]string {
	env := map[string]string{"FAAS_MODE": "stdio", "FAAS_COMMAND": command}
	for i := 0; i+1 < len(extra); i += 2 {
		env[extra[i]] = extra[i+1]
	}
	return env
}
