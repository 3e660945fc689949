package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// start makes the watchdog ready. In http mode it starts the function's server (when a start command is given)
// and waits until the upstream accepts connections; the returned channel reports the server's exit, after which
// the container should stop so the platform replaces it.
func (w *watchdog) start(ctx context.Context) <-chan error {
	exited := make(chan error, 1)
	if w.cfg.mode != "http" {
		w.ready.Store(true)
		return exited
	}
	if len(w.cfg.startCommand) > 0 {
		cmd := exec.Command(w.cfg.startCommand[0], w.cfg.startCommand[1:]...)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := cmd.Start(); err != nil {
			exited <- fmt.Errorf("cannot start the function server: %w", err)
			return exited
		}
		w.track(cmd.Process.Pid, true)
		go func() { exited <- fmt.Errorf("function server stopped: %v", cmd.Wait()) }()
	}
	go w.awaitUpstream(ctx)
	return exited
}

func (w *watchdog) awaitUpstream(ctx context.Context) {
	target, err := url.Parse(w.cfg.upstream)
	if err != nil {
		log.Printf("invalid FAAS_UPSTREAM: %v", err)
		return
	}
	for ctx.Err() == nil {
		conn, err := net.DialTimeout("tcp", target.Host, 200*time.Millisecond)
		if err == nil {
			conn.Close()
			w.ready.Store(true)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// forward sends the invocation to the function's own server and relays its answer.
func (w *watchdog) forward(ctx context.Context, body []byte, contentType string) result {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.cfg.upstream, bytes.NewReader(body))
	if err != nil {
		return failure(http.StatusBadGateway, "upstream", "invalid upstream: "+err.Error())
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := w.client.Do(req)
	if err != nil {
		return w.upstreamFailure(ctx, err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, w.cfg.maxBody+1))
	if err != nil {
		return w.upstreamFailure(ctx, err)
	}
	if int64(len(answer)) > w.cfg.maxBody {
		return failure(http.StatusBadGateway, "too_large",
			fmt.Sprintf("the function's output exceeds %d bytes", w.cfg.maxBody))
	}
	kind := resp.Header.Get("Content-Type")
	if kind == "" {
		kind = w.cfg.contentType
	}
	return result{status: resp.StatusCode, contentType: kind, body: answer}
}

func (w *watchdog) upstreamFailure(ctx context.Context, err error) result {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return failure(http.StatusGatewayTimeout, "timeout",
			fmt.Sprintf("the function ran past its timeout of %d ms", w.cfg.timeout.Milliseconds()))
	}
	return failure(http.StatusBadGateway, "upstream", "the function's server did not answer: "+err.Error())
}
