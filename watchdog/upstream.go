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
	"os"
	"syscall"
	"time"
)

// readinessPoll is how often the watchdog tries to connect to a function server that is still starting.
const readinessPoll = 20 * time.Millisecond

// start makes the watchdog ready. In stdio mode it is ready at once. In http mode it starts the function's server
// (when a start command is given) and becomes ready when the upstream accepts connections. The channel reports
// why the function's server stopped; the watchdog then exits, so the platform replaces the container.
func (w *watchdog) start() <-chan string {
	stopped := make(chan string, 1)
	if w.cfg.mode != modeHTTP {
		w.ready.Store(true)
		return stopped
	}
	serverUp := make(chan struct{})
	if len(w.cfg.startCommand) > 0 {
		proc, err := w.startServer()
		if err != nil {
			stopped <- err.Error()
			return stopped
		}
		go func() {
			status := <-proc.exited
			close(serverUp)
			stopped <- describeExit(status)
		}()
	}
	go w.awaitUpstream(serverUp)
	return stopped
}

// startServer runs the function's server with no input and its output in the container's log.
func (w *watchdog) startServer() (process, error) {
	stdin, err := os.Open(os.DevNull)
	if err != nil {
		return process{}, err
	}
	defer stdin.Close()
	return w.procs.start(w.cfg.startCommand, []uintptr{stdin.Fd(), os.Stdout.Fd(), os.Stderr.Fd()})
}

// awaitUpstream marks the watchdog ready once the function's server accepts a connection.
func (w *watchdog) awaitUpstream(serverGone <-chan struct{}) {
	for {
		conn, err := net.DialTimeout("tcp", w.cfg.upstream.Host, 200*time.Millisecond)
		if err == nil {
			conn.Close()
			w.ready.Store(true)
			log.Printf("function server is accepting connections upstream=%s", w.cfg.upstream.Host)
			return
		}
		select {
		case <-serverGone:
			return
		case <-time.After(readinessPoll):
		}
	}
}

// forward sends the invocation to the function's own server and relays its status, content type and body.
//
// TODO: other response headers of the function (caching, custom X- headers) are dropped, as the platform's
// protocol carries only status, content type and body; relaying them needs an allow-list agreed with the platform.
func (w *watchdog) forward(ctx context.Context, body []byte, header http.Header) result {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.cfg.upstream.String(), bytes.NewReader(body))
	if err != nil {
		return failure(http.StatusBadGateway, "upstream", "cannot build the upstream request: "+err.Error())
	}
	for _, name := range []string{"Content-Type", headerRequestID} {
		if value := header.Get(name); value != "" {
			req.Header.Set(name, value)
		}
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
		return w.outputTooLarge()
	}
	kind := resp.Header.Get("Content-Type")
	if kind == "" {
		kind = w.cfg.contentType
	}
	return result{status: resp.StatusCode, contentType: kind, body: answer}
}

func (w *watchdog) upstreamFailure(ctx context.Context, err error) result {
	if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
		return w.timedOut()
	}
	return failure(http.StatusBadGateway, "upstream", "the function's server did not answer: "+err.Error())
}

// upstreamClient talks to the function's server only: no proxy from the environment, no compression, kept-alive
// connections so that an invocation costs no new handshake.
func upstreamClient() *http.Client {
	transport := &http.Transport{
		Proxy:               nil,
		DisableCompression:  true,
		MaxIdleConnsPerHost: 64,
		IdleConnTimeout:     30 * time.Second,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
	}
	return &http.Client{
		Transport: transport,
		// A redirect is part of the function's answer, not something to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// describeExit says how a process ended, for the log.
func describeExit(status syscall.WaitStatus) string {
	if status.Signaled() {
		return "killed by " + signalName(status.Signal())
	}
	return fmt.Sprintf("exited with code %d", status.ExitStatus())
}
