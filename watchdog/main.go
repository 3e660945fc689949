// Command watchdog runs inside every function container as its entrypoint. It listens on a unix socket in a
// directory the platform bind-mounts, and serves each invocation either by running the function's command
// (stdio mode) or by forwarding it to the function's own HTTP server on the container's loopback (http mode).
package main

import (
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	log.SetFlags(log.LstdFlags | log.LUTC)
	log.SetPrefix("watchdog ")
	cfg, err := loadConfig(os.Getenv)
	if err != nil {
		log.Printf("configuration error: %v", err)
		os.Exit(2)
	}
	if err := run(cfg); err != nil {
		log.Printf("stopped: %v", err)
		os.Exit(1)
	}
}

func run(cfg config) error {
	listener, err := listen(cfg.socket)
	if err != nil {
		return err
	}
	defer os.Remove(cfg.socket)

	w := newWatchdog(cfg)
	server := &http.Server{Handler: w.routes(), ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	serverDone := make(chan error, 1)
	go func() { serverDone <- server.Serve(listener) }()
	functionDone := w.start(ctx)

	select {
	case <-ctx.Done():
		log.Printf("signal received, shutting down")
	case err = <-functionDone:
		log.Printf("function server exited: %v", err)
	case err = <-serverDone:
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = server.Shutdown(shutdown)
	w.stopChildren()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// listen opens the unix socket, replacing a stale one, and lets the platform connect whatever its uid.
func listen(path string) (net.Listener, error) {
	_ = os.Remove(path)
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
