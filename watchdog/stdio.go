package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"syscall"
	"time"
)

// drainLimit bounds reading what is left of stdout after the command has exited.
const drainLimit = time.Second

// runCommand runs the function's command once: the body on its stdin, its stdout as the answer. The command leads
// its own process group, so a timeout, or its own exit, ends everything it started.
//
// TODO: concurrent invocations are bounded only by the container's pids limit (a failed fork answers 502 "start");
// a per-instance concurrency cap would answer 503 earlier, once the platform sends it as FAAS_MAX_CONCURRENCY.
func (w *watchdog) runCommand(ctx context.Context, body []byte) result {
	pipes, err := newPipes()
	if err != nil {
		return failure(http.StatusBadGateway, "start", "cannot create pipes: "+err.Error())
	}
	defer pipes.close()
	proc, err := w.procs.start(w.cfg.command, pipes.childFiles())
	pipes.closeChildEnds()
	if err != nil {
		return failure(http.StatusBadGateway, "start", err.Error())
	}
	deadline, _ := ctx.Deadline()
	go pipes.feed(body, deadline)
	output := pipes.collect(w.cfg.maxBody, deadline)

	select {
	case status := <-proc.exited:
		w.procs.killGroup(proc)
		// At most a pipe buffer is left to read, unless a process that escaped the group still holds stdout.
		_ = pipes.stdoutR.SetReadDeadline(earliest(deadline, time.Now().Add(drainLimit)))
		return w.outcome(status, <-output)
	case out := <-output:
		return w.afterOutput(ctx, proc, out)
	case <-ctx.Done():
		w.stop(proc)
		return w.timedOut()
	}
}

// afterOutput handles a command whose stdout ended first: past the limit, or closed while it still runs.
func (w *watchdog) afterOutput(ctx context.Context, proc process, out output) result {
	if out.exceeded {
		w.stop(proc)
		return w.outputTooLarge()
	}
	select {
	case status := <-proc.exited:
		w.procs.killGroup(proc)
		return w.outcome(status, out)
	case <-ctx.Done():
		w.stop(proc)
		return w.timedOut()
	}
}

// stop kills the command's whole process group and waits until the command itself is gone.
func (w *watchdog) stop(proc process) {
	w.procs.killGroup(proc)
	<-proc.exited
}

func (w *watchdog) outcome(status syscall.WaitStatus, out output) result {
	switch {
	case status.Signaled():
		return w.crashed(status.Signal())
	case status.ExitStatus() != 0:
		res := failure(http.StatusBadGateway, "exit", fmt.Sprintf("the function exited with code %d", status.ExitStatus()))
		res.headers = map[string]string{headerExitCode: strconv.Itoa(status.ExitStatus())}
		return res
	case out.exceeded:
		return w.outputTooLarge()
	default:
		return result{status: http.StatusOK, contentType: w.cfg.contentType, body: out.data}
	}
}

func (w *watchdog) crashed(sig syscall.Signal) result {
	message := "the function was killed by " + signalName(sig)
	if sig == syscall.SIGKILL && w.ooms.killedSinceLastLook() {
		message += ": it ran out of memory"
	}
	res := failure(http.StatusBadGateway, "crash", message)
	res.headers = map[string]string{headerSignal: signalName(sig)}
	return res
}

func (w *watchdog) outputTooLarge() result {
	return failure(http.StatusBadGateway, "too_large",
		fmt.Sprintf("the function's output exceeds %d bytes", w.cfg.maxBody))
}

// pipes connect one command's stdin and stdout to the watchdog; its stderr goes to the container's log.
type pipes struct {
	stdinR, stdinW, stdoutR, stdoutW *os.File
}

// output is what the command wrote to stdout, at most the body limit.
type output struct {
	data     []byte
	exceeded bool
}

func newPipes() (*pipes, error) {
	p := &pipes{}
	var err error
	if p.stdinR, p.stdinW, err = os.Pipe(); err != nil {
		return nil, err
	}
	if p.stdoutR, p.stdoutW, err = os.Pipe(); err != nil {
		p.close()
		return nil, err
	}
	return p, nil
}

func (p *pipes) childFiles() []uintptr {
	return []uintptr{p.stdinR.Fd(), p.stdoutW.Fd(), os.Stderr.Fd()}
}

// closeChildEnds drops the watchdog's copies of the child's ends, so that EOF and EPIPE arrive when they should.
func (p *pipes) closeChildEnds() {
	p.stdinR.Close()
	p.stdoutW.Close()
}

func (p *pipes) close() {
	for _, f := range []*os.File{p.stdinR, p.stdinW, p.stdoutR, p.stdoutW} {
		if f != nil {
			f.Close()
		}
	}
}

// feed writes the body to stdin and closes it; a command that exits without reading it all is not an error.
func (p *pipes) feed(body []byte, deadline time.Time) {
	_ = p.stdinW.SetWriteDeadline(deadline)
	_, _ = p.stdinW.Write(body)
	p.stdinW.Close()
}

// collect reads stdout until EOF, the deadline, or one byte past the limit, and delivers it on the channel.
func (p *pipes) collect(limit int64, deadline time.Time) <-chan output {
	done := make(chan output, 1)
	_ = p.stdoutR.SetReadDeadline(deadline)
	go func() {
		var buf bytes.Buffer
		_, _ = buf.ReadFrom(io.LimitReader(p.stdoutR, limit+1))
		done <- output{data: buf.Bytes(), exceeded: int64(buf.Len()) > limit}
	}()
	return done
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
