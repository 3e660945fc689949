package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// serve starts a watchdog on a unix socket in a temp dir and returns a client bound to that socket.
func serve(t *testing.T, env map[string]string) *http.Client {
	t.Helper()
	socket := filepath.Join(t.TempDir(), "w.sock")
	env["FAAS_SOCKET"] = socket
	cfg, err := loadConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	listener, err := listen(socket)
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	w := newWatchdog(cfg)
	server := &http.Server{Handler: w.routes()}
	ctx, cancel := context.WithCancel(context.Background())
	w.start(ctx)
	go server.Serve(listener)
	t.Cleanup(func() { cancel(); server.Close(); w.stopChildren() })
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", socket)
		},
	}}
}

func invoke(t *testing.T, c *http.Client, body []byte) (*http.Response, []byte) {
	t.Helper()
	resp, err := c.Post("http://watchdog/invoke", "application/octet-stream", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("invoke: %v", err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp, out
}

func errorCode(t *testing.T, body []byte) string {
	var e map[string]string
	if err := json.Unmarshal(body, &e); err != nil {
		t.Fatalf("error body is not JSON: %q", body)
	}
	return e["error"]
}

func TestStdioEchoesBytesUnchanged(t *testing.T) {
	c := serve(t, map[string]string{"FAAS_MODE": "stdio", "FAAS_COMMAND": `["cat"]`, "FAAS_CONTENT_TYPE": "text/plain"})
	input := []byte{0, 1, 2, 255, 'h', 'i', '\n'}

	resp, out := invoke(t, c, input)

	if resp.StatusCode != 200 || !bytes.Equal(out, input) {
		t.Fatalf("got %d %q", resp.StatusCode, out)
	}
	if resp.Header.Get("Content-Type") != "text/plain" || resp.Header.Get("X-Faas-Duration-Micros") == "" {
		t.Fatalf("headers %v", resp.Header)
	}
}

func TestNonZeroExitIsBadGateway(t *testing.T) {
	c := serve(t, map[string]string{"FAAS_MODE": "stdio", "FAAS_COMMAND": `["sh","-c","exit 3"]`})

	resp, out := invoke(t, c, nil)

	if resp.StatusCode != 502 || errorCode(t, out) != "exit" || !strings.Contains(string(out), "code 3") {
		t.Fatalf("got %d %s", resp.StatusCode, out)
	}
}

func TestKilledCommandIsACrash(t *testing.T) {
	c := serve(t, map[string]string{"FAAS_MODE": "stdio", "FAAS_COMMAND": `["sh","-c","kill -9 $$"]`})

	resp, out := invoke(t, c, nil)

	if resp.StatusCode != 502 || errorCode(t, out) != "crash" {
		t.Fatalf("got %d %s", resp.StatusCode, out)
	}
}

func TestCommandPastItsTimeoutIsKilled(t *testing.T) {
	c := serve(t, map[string]string{"FAAS_MODE": "stdio", "FAAS_COMMAND": `["sh","-c","sleep 5 & sleep 5"]`,
		"FAAS_TIMEOUT_MS": "300"})
	started := time.Now()

	resp, out := invoke(t, c, nil)

	if resp.StatusCode != 504 || errorCode(t, out) != "timeout" {
		t.Fatalf("got %d %s", resp.StatusCode, out)
	}
	if time.Since(started) > 3*time.Second {
		t.Fatalf("timeout took %s", time.Since(started))
	}
}

func TestBodyOverTheLimitIsRefused(t *testing.T) {
	c := serve(t, map[string]string{"FAAS_MODE": "stdio", "FAAS_COMMAND": `["cat"]`, "FAAS_MAX_BODY_BYTES": "10"})

	resp, out := invoke(t, c, []byte("more than ten bytes"))

	if resp.StatusCode != 413 || errorCode(t, out) != "too_large" {
		t.Fatalf("got %d %s", resp.StatusCode, out)
	}
}

func TestHTTPModeForwardsToTheFunctionServer(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rw.Header().Set("Content-Type", "text/x-echo")
		rw.WriteHeader(201)
		rw.Write(append([]byte("got "), body...))
	}))
	defer upstream.Close()
	c := serve(t, map[string]string{"FAAS_MODE": "http", "FAAS_UPSTREAM": upstream.URL + "/fn"})
	waitReady(t, c)

	resp, out := invoke(t, c, []byte("ping"))

	if resp.StatusCode != 201 || string(out) != "got ping" || resp.Header.Get("Content-Type") != "text/x-echo" {
		t.Fatalf("got %d %q %v", resp.StatusCode, out, resp.Header)
	}
}

func TestHTTPModeWithoutServerIsBadGateway(t *testing.T) {
	listener, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := listener.Addr().String()
	c := serve(t, map[string]string{"FAAS_MODE": "http", "FAAS_UPSTREAM": "http://" + addr})
	waitReady(t, c)
	listener.Close()

	resp, out := invoke(t, c, []byte("ping"))

	if resp.StatusCode != 502 || errorCode(t, out) != "upstream" {
		t.Fatalf("got %d %s", resp.StatusCode, out)
	}
}

func TestHealthIsReadyInStdioMode(t *testing.T) {
	c := serve(t, map[string]string{"FAAS_MODE": "stdio", "FAAS_COMMAND": `["cat"]`})

	resp, err := c.Get("http://watchdog/healthz")

	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("health: %v %v", err, resp)
	}
}

func TestConfigurationErrorsAreReported(t *testing.T) {
	cases := []map[string]string{
		{"FAAS_MODE": "telepathy"},
		{"FAAS_MODE": "stdio"},
		{"FAAS_MODE": "stdio", "FAAS_COMMAND": "cat"},
		{"FAAS_MODE": "stdio", "FAAS_COMMAND": `["cat"]`, "FAAS_TIMEOUT_MS": "-1"},
	}
	for _, env := range cases {
		if _, err := loadConfig(func(k string) string { return env[k] }); err == nil {
			t.Errorf("expected an error for %v", env)
		}
	}
}

func waitReady(t *testing.T, c *http.Client) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := c.Get("http://watchdog/healthz"); err == nil && resp.StatusCode == 200 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("watchdog never became ready")
}
