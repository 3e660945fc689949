package main

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// demoSite is the http-mode demo function's document root: busybox httpd with a CGI echo script.
const demoSite = "../examples/functions/busybox-demo/www"

func TestHTTPRelaysStatusContentTypeAndBytes(t *testing.T) {
	var seen http.Header
	upstream := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		seen = r.Header.Clone()
		body, _ := io.ReadAll(r.Body)
		rw.Header().Set("Content-Type", "application/x-reversed")
		rw.WriteHeader(http.StatusCreated)
		_, _ = rw.Write(reverse(body))
	}))
	defer upstream.Close()
	fn := serve(t, map[string]string{"FAAS_MODE": "http", "FAAS_UPSTREAM": upstream.URL + "/fn"})
	fn.awaitReady(t)
	input := make([]byte, 1<<20)
	_, _ = rand.Read(input)

	got := fn.invoke(t, "application/x-input", input)

	if got.status != http.StatusCreated || !bytes.Equal(got.body, reverse(input)) {
		t.Fatalf("status %d, %d bytes", got.status, len(got.body))
	}
	if got.header.Get("Content-Type") != "application/x-reversed" || seen.Get("Content-Type") != "application/x-input" {
		t.Fatalf("content types not passed on: answer %v, upstream saw %v", got.header, seen)
	}
}

func TestHTTPIsNotReadyUntilTheUpstreamAcceptsConnections(t *testing.T) {
	listener, address := freeAddress(t)
	listener.Close()
	fn := serve(t, map[string]string{"FAAS_MODE": "http", "FAAS_UPSTREAM": "http://" + address + "/"})

	health := fn.get(t, "/healthz")
	refused := fn.invoke(t, "", []byte("early"))

	if health.status != http.StatusServiceUnavailable || refused.status != http.StatusServiceUnavailable {
		t.Fatalf("health %d, invoke %d before the upstream listens", health.status, refused.status)
	}
	late := httptest.NewUnstartedServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(rw, r.Body)
	}))
	late.Listener = listenOn(t, address)
	late.Start()
	defer late.Close()
	fn.awaitReady(t)
	if got := fn.invoke(t, "", []byte("late")); got.status != http.StatusOK || string(got.body) != "late" {
		t.Fatalf("got %d %q", got.status, got.body)
	}
}

func TestHTTPUpstreamGoneIsAnUpstreamError(t *testing.T) {
	listener, address := freeAddress(t)
	fn := serve(t, map[string]string{"FAAS_MODE": "http", "FAAS_UPSTREAM": "http://" + address})
	fn.awaitReady(t)
	listener.Close()

	got := fn.invoke(t, "", []byte("ping"))

	if got.status != http.StatusBadGateway || got.errorCode(t) != "upstream" {
		t.Fatalf("got %d %s", got.status, got.body)
	}
}

func TestHTTPConnectionResetIsAnUpstreamError(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
		conn, _, err := rw.(http.Hijacker).Hijack()
		if err == nil {
			_ = conn.(*net.TCPConn).SetLinger(0) // close with RST
			conn.Close()
		}
	}))
	defer upstream.Close()
	fn := serve(t, map[string]string{"FAAS_MODE": "http", "FAAS_UPSTREAM": upstream.URL})
	fn.awaitReady(t)

	got := fn.invoke(t, "", []byte("ping"))

	if got.status != http.StatusBadGateway || got.errorCode(t) != "upstream" {
		t.Fatalf("got %d %s", got.status, got.body)
	}
}

func TestHTTPSlowUpstreamTimesOut(t *testing.T) {
	release := make(chan struct{})
	upstream := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer upstream.Close()
	defer close(release)
	fn := serve(t, map[string]string{"FAAS_MODE": "http", "FAAS_UPSTREAM": upstream.URL, "FAAS_TIMEOUT_MS": "300"})
	fn.awaitReady(t)
	started := time.Now()

	got := fn.invoke(t, "", []byte("ping"))

	if got.status != http.StatusGatewayTimeout || got.errorCode(t) != "timeout" {
		t.Fatalf("got %d %s", got.status, got.body)
	}
	if elapsed := time.Since(started); elapsed > 2*time.Second {
		t.Fatalf("the timeout took %s", elapsed)
	}
}

func TestHTTPAnswerOverTheLimitIsTooLarge(t *testing.T) {
	upstream := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
		_, _ = rw.Write(bytes.Repeat([]byte("a"), 5000))
	}))
	defer upstream.Close()
	fn := serve(t, map[string]string{"FAAS_MODE": "http", "FAAS_UPSTREAM": upstream.URL, "FAAS_MAX_BODY_BYTES": "1000"})
	fn.awaitReady(t)

	got := fn.invoke(t, "", []byte("ping"))

	if got.status != http.StatusBadGateway || got.errorCode(t) != "too_large" {
		t.Fatalf("got %d %s", got.status, got.body)
	}
}

func TestHTTPStartsTheFunctionServerAndWaitsForIt(t *testing.T) {
	busybox := requireBusybox(t)
	site, err := filepath.Abs(demoSite)
	if err != nil {
		t.Fatal(err)
	}
	listener, address := freeAddress(t)
	listener.Close()
	start := fmt.Sprintf(`["/bin/sh","-c","sleep 0.3; exec %s httpd -f -p %s -h %s"]`, busybox, address, site)
	fn := serve(t, map[string]string{
		"FAAS_MODE": "http", "FAAS_START_COMMAND": start, "FAAS_UPSTREAM": "http://" + address + "/cgi-bin/echo"})

	if early := fn.get(t, "/healthz"); early.status != http.StatusServiceUnavailable {
		t.Fatalf("ready before the function server listens: %d", early.status)
	}
	fn.awaitReady(t)
	input := make([]byte, 256*1024)
	_, _ = rand.Read(input)
	got := fn.invoke(t, "application/x-demo", input)

	if got.status != http.StatusOK || !bytes.Equal(got.body, input) {
		t.Fatalf("status %d, %d bytes of %d, equal %t", got.status, len(got.body), len(input), bytes.Equal(got.body, input))
	}
	if got.header.Get("Content-Type") != "application/x-demo" {
		t.Fatalf("content type %q", got.header.Get("Content-Type"))
	}
}

func requireBusybox(t *testing.T) string {
	t.Helper()
	for _, path := range []string{"/bin/busybox", "/usr/bin/busybox"} {
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	t.Skip("busybox is not installed (apt-get install busybox-static)")
	return ""
}

func freeAddress(t *testing.T) (net.Listener, string) {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return listener, listener.Addr().String()
}

func listenOn(t *testing.T, address string) net.Listener {
	t.Helper()
	listener, err := net.Listen("tcp", address)
	if err != nil {
		t.Fatal(err)
	}
	return listener
}

func reverse(b []byte) []byte {
	out := make([]byte, len(b))
	for i, v := range b {
		out[len(b)-1-i] = v
	}
	return out
}
