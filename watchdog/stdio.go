package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"syscall"
)

// runCommand runs the function's command once: body on stdin, stdout as the answer. The command runs in its own
// process group so that a timeout kills everything it started.
func (w *watchdog) runCommand(ctx context.Context, body []byte) result {
	cmd := exec.Command(w.cfg.command[0], w.cfg.command[1:]...)
	cmd.Stdin = bytes.NewReader(body)
	stdout := &limitedBuffer{limit: w.cfg.maxBody}
	cmd.Stdout = stdout
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return failure(http.StatusBadGateway, "start", "cannot start the function's command: "+err.Error())
	}
	pid := cmd.Process.Pid
	w.track(pid, true)
	defer w.track(pid, false)

	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-ctx.Done():
		_ = syscall.Kill(-pid, syscall.SIGKILL)
		<-done
		return failure(http.StatusGatewayTimeout, "timeout",
			fmt.Sprintf("the function ran past its timeout of %d ms", w.cfg.timeout.Milliseconds()))
	case err := <-done:
		_ = syscall.Kill(-pid, syscall.SIGKILL) // whatever it left behind in its group
		return w.outcome(err, stdout)
	}
}

func (w *watchdog) outcome(err error, stdout *limitedBuffer) result {
	if stdout.exceeded {
		return failure(http.StatusBadGateway, "too_large",
			fmt.Sprintf("the function's output exceeds %d bytes", w.cfg.maxBody))
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		status := exit.Sys().(syscall.WaitStatus)
		if status.Signaled() {
			return failure(http.StatusBadGateway, "crash",
				fmt.Sprintf("the function was killed by signal %s (out of memory?)", status.Signal()))
		}
		res := failure(http.StatusBadGateway, "exit", fmt.Sprintf("the function exited with code %d", status.ExitStatus()))
		res.exitCode = status.ExitStatus()
		return res
	}
	if err != nil {
		return failure(http.StatusBadGateway, "crash", "the function failed: "+err.Error())
	}
	return result{status: http.StatusOK, contentType: w.cfg.contentType, body: stdout.Bytes()}
}

// track remembers running process groups so that shutdown can kill them.
func (w *watchdog) track(pid int, running bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if running {
		w.children[pid] = struct{}{}
	} else {
		delete(w.children, pid)
	}
}

func (w *watchdog) stopChildren() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for pid := range w.children {
		_ = syscall.Kill(-pid, syscall.SIGKILL)
	}
}

// limitedBuffer keeps at most limit bytes and remembers whether more were offered.
type limitedBuffer struct {
	bytes.Buffer
	limit    int64
	exceeded bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	room := b.limit - int64(b.Len())
	if int64(len(p)) > room {
		b.exceeded = true
		if room > 0 {
			b.Buffer.Write(p[:room])
		}
		return len(p), nil
	}
	return b.Buffer.Write(p)
}
