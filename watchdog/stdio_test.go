package main

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestStdioPassesBodiesByteForByte(t *testing.T) {
	fn := serve(t, stdio(`["cat"]`))
	input := make([]byte, 3<<20)
	_, _ = rand.Read(input)

	got := fn.invoke(t, "application/x-anything", input)

	if got.status != http.StatusOK || !bytes.Equal(got.body, input) {
		t.Fatalf("status %d, %d bytes back of %d", got.status, len(got.body), len(input))
	}
	if got.header.Get("Content-Type") != "application/octet-stream" {
		t.Fatalf("content type %q", got.header.Get("Content-Type"))
	}
}

func TestStdioAnswersWithTheConfiguredContentType(t *testing.T) {
	command := `["/bin/sh","-c","printf '{\"hello\":\"%s\"}' \"$(cat)\""]`
	fn := serve(t, stdio(command, "FAAS_CONTENT_TYPE", "application/json"))

	got := fn.invoke(t, "text/plain", []byte("world"))

	if got.status != http.StatusOK || string(got.body) != `{"hello":"world"}` {
		t.Fatalf("got %d %q", got.status, got.body)
	}
	if got.header.Get("Content-Type") != "application/json" {
		t.Fatalf("content type %q", got.header.Get("Content-Type"))
	}
}

func TestStdioEmptyBodyAndEmptyOutput(t *testing.T) {
	fn := serve(t, stdio(`["true"]`))

	got := fn.invoke(t, "", nil)

	if got.status != http.StatusOK || len(got.body) != 0 {
		t.Fatalf("got %d %q", got.status, got.body)
	}
}

func TestStdioNonZeroExitIsAnExitError(t *testing.T) {
	fn := serve(t, stdio(`["/bin/sh","-c","echo partial; exit 3"]`))

	got := fn.invoke(t, "", []byte("x"))

	if got.status != http.StatusBadGateway || got.errorCode(t) != "exit" || got.header.Get(headerExitCode) != "3" {
		t.Fatalf("got %d %v %s", got.status, got.header, got.body)
	}
}

func TestStdioKilledCommandIsACrashNamingTheSignal(t *testing.T) {
	for _, sig := range []string{"KILL", "SEGV"} {
		fn := serve(t, stdio(`["/bin/sh","-c","kill -`+sig+` $$"]`))

		got := fn.invoke(t, "", nil)

		if got.status != http.StatusBadGateway || got.errorCode(t) != "crash" {
			t.Fatalf("got %d %s", got.status, got.body)
		}
		if got.header.Get(headerSignal) != "SIG"+sig || !strings.Contains(string(got.body), "SIG"+sig) {
			t.Fatalf("signal not named: %v %s", got.header, got.body)
		}
	}
}

func TestStdioTimeoutKillsTheWholeProcessGroup(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "child.pid")
	fn := serve(t, stdio(`["/bin/sh","-c","sleep 30 & echo $! > `+pidFile+`; sleep 30"]`, "FAAS_TIMEOUT_MS", "300"))
	started := time.Now()

	got := fn.invoke(t, "", nil)

	if got.status != http.StatusGatewayTimeout || got.errorCode(t) != "timeout" {
		t.Fatalf("got %d %s", got.status, got.body)
	}
	if elapsed := time.Since(started); elapsed > 2*time.Second {
		t.Fatalf("the timeout took %s", elapsed)
	}
	awaitGone(t, readPid(t, pidFile))
}

func TestStdioAnswersWhenTheCommandExitsAndRemovesWhatItLeftRunning(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "child.pid")
	fn := serve(t, stdio(`["/bin/sh","-c","sleep 30 & echo $! > `+pidFile+`; echo done"]`, "FAAS_TIMEOUT_MS", "10000"))
	started := time.Now()

	got := fn.invoke(t, "", nil)

	if got.status != http.StatusOK || string(got.body) != "done\n" {
		t.Fatalf("got %d %q", got.status, got.body)
	}
	if elapsed := time.Since(started); elapsed > 3*time.Second {
		t.Fatalf("waited %s for a background process that holds stdout", elapsed)
	}
	awaitGone(t, readPid(t, pidFile))
}

func TestStdioCommandThatClosesStdoutEarlyStillAnswersOnExit(t *testing.T) {
	fn := serve(t, stdio(`["/bin/sh","-c","echo early; exec >&-; sleep 0.2; exit 0"]`))

	got := fn.invoke(t, "", nil)

	if got.status != http.StatusOK || string(got.body) != "early\n" {
		t.Fatalf("got %d %q", got.status, got.body)
	}
}

func TestStdioRequestBodyOverTheLimitIsRefusedBeforeRunning(t *testing.T) {
	marker := filepath.Join(t.TempDir(), "ran")
	fn := serve(t, stdio(`["/bin/sh","-c","touch `+marker+`"]`, "FAAS_MAX_BODY_BYTES", "10"))

	got := fn.invoke(t, "", []byte("more than ten bytes"))

	if got.status != http.StatusRequestEntityTooLarge || got.errorCode(t) != "too_large" {
		t.Fatalf("got %d %s", got.status, got.body)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("the command ran although the body was refused")
	}
}

func TestStdioBodyExactlyAtTheLimitPasses(t *testing.T) {
	fn := serve(t, stdio(`["cat"]`, "FAAS_MAX_BODY_BYTES", "10"))

	got := fn.invoke(t, "", []byte("0123456789"))

	if got.status != http.StatusOK || string(got.body) != "0123456789" {
		t.Fatalf("got %d %q", got.status, got.body)
	}
}

func TestStdioOutputOverTheLimitIsTooLarge(t *testing.T) {
	fn := serve(t, stdio(`["/bin/sh","-c","while :; do echo aaaaaaaaaaaaaaaa; done"]`, "FAAS_MAX_BODY_BYTES", "1000"))

	got := fn.invoke(t, "", nil)

	if got.status != http.StatusBadGateway || got.errorCode(t) != "too_large" {
		t.Fatalf("got %d %s", got.status, got.body)
	}
}

func TestStdioCommandThatIgnoresStdinStillAnswers(t *testing.T) {
	fn := serve(t, stdio(`["echo","ignored"]`))

	got := fn.invoke(t, "", bytes.Repeat([]byte("x"), 1<<20))

	if got.status != http.StatusOK || string(got.body) != "ignored\n" {
		t.Fatalf("got %d %q", got.status, got.body)
	}
}

func TestStdioRunsOneProcessPerConcurrentRequest(t *testing.T) {
	fn := serve(t, stdio(`["/bin/sh","-c","sleep 0.5; cat"]`))
	const requests = 8
	var wg sync.WaitGroup
	failures := make(chan string, requests)
	started := time.Now()

	for i := range requests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			input := fmt.Sprintf("request %d", i)
			if got := fn.invoke(t, "", []byte(input)); got.status != http.StatusOK || string(got.body) != input {
				failures <- fmt.Sprintf("%s: got %d %q", input, got.status, got.body)
			}
		}()
	}
	wg.Wait()
	close(failures)

	for failure := range failures {
		t.Error(failure)
	}
	if elapsed := time.Since(started); elapsed > 2*time.Second {
		t.Fatalf("%d requests of 0.5 s took %s: not run concurrently", requests, elapsed)
	}
}

func TestStdioRejectsOtherMethods(t *testing.T) {
	fn := serve(t, stdio(`["cat"]`))

	got := fn.get(t, "/invoke")

	if got.status != http.StatusMethodNotAllowed || got.errorCode(t) != "method" {
		t.Fatalf("got %d %s", got.status, got.body)
	}
}

func TestStdioIsReadyAtOnce(t *testing.T) {
	fn := serve(t, stdio(`["cat"]`))

	got := fn.get(t, "/healthz")

	if got.status != http.StatusOK || strings.TrimSpace(string(got.body)) != `{"status":"ready"}` {
		t.Fatalf("got %d %s", got.status, got.body)
	}
}

func readPid(t *testing.T, file string) int {
	t.Helper()
	content, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("the command wrote no pid file: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(content)))
	if err != nil {
		t.Fatalf("pid file %q: %v", content, err)
	}
	return pid
}

// awaitGone waits until pid has been killed and reaped: a zombie would still answer signal 0.
func awaitGone(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		if err := syscall.Kill(pid, 0); err == syscall.ESRCH {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("process %d is still there (running or an unreaped zombie)", pid)
}
