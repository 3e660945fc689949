// Package e2e runs the built watchdog binary as a process, as a container would: signals, exit codes and the
// socket file are only visible from outside.
package e2e

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "watchdog-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "watchdog")
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", binary, "..")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		panic("building the watchdog: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func TestSigtermStopsCleanlyKillingChildrenAndRemovingTheSocket(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "child.pid")
	socket := filepath.Join(dir, "w.sock")
	if err := os.WriteFile(socket, []byte("stale"), 0o600); err != nil {
		t.Fatal(err)
	}
	wd := start(t, socket, "FAAS_MODE=stdio", `FAAS_COMMAND=["/bin/sh","-c","echo $$ > `+pidFile+`; sleep 30"]`)
	awaitHealthy(t, socket)
	if info, err := os.Stat(socket); err != nil || info.Mode().Perm() != 0o666 {
		t.Fatalf("socket mode: %v %v", info, err)
	}
	go func() { _, _ = post(socket, "in flight") }()
	child := awaitPid(t, pidFile)

	if err := wd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := waitExit(t, wd, 5*time.Second)

	if err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	if _, err := os.Stat(socket); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("socket left behind: %v", err)
	}
	if err := syscall.Kill(child, 0); err != syscall.ESRCH {
		t.Fatalf("child %d survived the watchdog: %v", child, err)
	}
}

func TestWatchdogExitsWhenTheFunctionServerDies(t *testing.T) {
	socket := filepath.Join(t.TempDir(), "w.sock")
	wd := start(t, socket, "FAAS_MODE=http", `FAAS_START_COMMAND=["/bin/sh","-c","sleep 0.2; exit 7"]`,
		"FAAS_UPSTREAM=http://127.0.0.1:1/")

	err := waitExit(t, wd, 5*time.Second)

	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("want exit code 1 after the function server died, got %v", err)
	}
}

func TestBadConfigurationExitsWithCodeTwo(t *testing.T) {
	socket := filepath.Join(t.TempDir(), "w.sock")
	wd := start(t, socket, "FAAS_MODE=stdio")

	err := waitExit(t, wd, 5*time.Second)

	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("want exit code 2, got %v", err)
	}
}

func start(t *testing.T, socket string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(binary)
	cmd.Env = append([]string{"PATH=/usr/bin:/bin", "FAAS_SOCKET=" + socket}, env...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return cmd
}

func waitExit(t *testing.T, cmd *exec.Cmd, limit time.Duration) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(limit):
		t.Fatalf("the watchdog did not exit within %s", limit)
		return nil
	}
}

func client(socket string) *http.Client {
	dial := func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", socket)
	}
	return &http.Client{Transport: &http.Transport{DialContext: dial}, Timeout: 10 * time.Second}
}

func post(socket, body string) (string, error) {
	resp, err := client(socket).Post("http://watchdog/invoke", "text/plain", strings.NewReader(body))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	return string(out), err
}

func awaitHealthy(t *testing.T, socket string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := client(socket).Get("http://watchdog/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the watchdog never became healthy")
}

func awaitPid(t *testing.T, file string) int {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if content, err := os.ReadFile(file); err == nil && strings.HasSuffix(string(content), "\n") {
			pid, err := strconv.Atoi(strings.TrimSpace(string(content)))
			if err == nil {
				return pid
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the command never started")
	return 0
}
