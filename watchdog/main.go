// Command watchdog is the entrypoint of every function container. It listens on a unix socket in a directory that
// the platform bind-mounts and serves each invocation either by running the function's command once per request
// (stdio mode) or by forwarding it to the function's own HTTP server on the container's loopback (http mode).
//
// It runs as PID 1 of the container (the platform adds no init), so it also reaps every orphaned process.
package main

import (
	"context"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// shutdownGrace bounds how long in-flight invocations may finish after SIGTERM before their processes are killed.
const shutdownGrace = 2 * time.Second

func main() {
	log.SetFlags(log.LstdFlags | log.LUTC | log.Lmicroseconds)
	log.SetPrefix("watchdog ")
	cfg, err := loadConfig(os.Getenv)
	if err != nil {
		log.Printf("configuration error: %v", err)
		os.Exit(2)
	}
	os.Exit(run(cfg))
}

// run serves until SIGTERM/SIGINT (exit code 0) or until the function's own server exits (exit code 1).
func run(cfg config) int {
	procs := processes()
	listener, err := listen(cfg.socket)
	if err != nil {
		log.Printf("cannot listen on %s: %v", cfg.socket, err)
		return 1
	}
	defer os.Remove(cfg.socket)

	w := newWatchdog(cfg, procs)
	server := &http.Server{Handler: w.routes(), ReadHeaderTimeout: 5 * time.Second, IdleTimeout: time.Minute}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() { _ = server.Serve(listener) }()
	functionExited := w.start()
	log.Printf("listening socket=%s mode=%s", cfg.socket, cfg.mode)

	code := 0
	select {
	case sig := <-signals:
		log.Printf("received %s, shutting down", signalName(sig.(syscall.Signal)))
	case reason := <-functionExited:
		log.Printf("function server stopped: %s", reason)
		code = 1
	}
	w.ready.Store(false)
	stopServing(server, procs)
	return code
}

// stopServing closes the listener, lets in-flight invocations finish within the grace period, then stops every
// process the watchdog started (the function's server last, so that in-flight requests could still be answered).
func stopServing(server *http.Server, procs *supervisor) {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	_ = server.Shutdown(ctx)
	procs.stopAll(time.Second)
}

// listen opens the unix socket, replacing a stale file, and opens its mode so that the platform can connect
// whatever its own uid is (the host directory is the boundary, not the socket's owner).
func listen(path string) (net.Listener, error) {
	if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	listener, err := net.Listen("unix", path)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(path, 0o666); err != nil {
		listener.Close()
		return nil, err
	}
	return listener, nil
}
