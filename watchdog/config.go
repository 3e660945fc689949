package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

const (
	modeStdio = "stdio"
	modeHTTP  = "http"
)

// config is the watchdog's configuration, read from the FAAS_* environment variables that the platform sets.
type config struct {
	socket       string
	mode         string
	command      []string
	startCommand []string
	upstream     *url.URL
	timeout      time.Duration
	maxBody      int64
	contentType  string
}

func loadConfig(env func(string) string) (config, error) {
	c := config{
		socket:      orDefault(env("FAAS_SOCKET"), "/faas/run/watchdog.sock"),
		mode:        env("FAAS_MODE"),
		contentType: orDefault(env("FAAS_CONTENT_TYPE"), "application/octet-stream"),
	}
	var err error
	if c.command, err = argv(env, "FAAS_COMMAND"); err != nil {
		return c, err
	}
	if c.startCommand, err = argv(env, "FAAS_START_COMMAND"); err != nil {
		return c, err
	}
	if c.upstream, err = upstream(orDefault(env("FAAS_UPSTREAM"), "http://127.0.0.1:8080")); err != nil {
		return c, err
	}
	timeoutMs, err := number(env, "FAAS_TIMEOUT_MS", 30000)
	if err != nil {
		return c, err
	}
	c.timeout = time.Duration(timeoutMs) * time.Millisecond
	if c.maxBody, err = number(env, "FAAS_MAX_BODY_BYTES", 8<<20); err != nil {
		return c, err
	}
	return c, c.checkMode()
}

func (c config) checkMode() error {
	switch c.mode {
	case modeStdio:
		if len(c.command) == 0 {
			return fmt.Errorf("FAAS_COMMAND is required in stdio mode")
		}
		_, err := resolve(c.command[0])
		return err
	case modeHTTP:
		if len(c.startCommand) > 0 {
			_, err := resolve(c.startCommand[0])
			return err
		}
		return nil
	default:
		return fmt.Errorf("FAAS_MODE must be stdio or http, got %q", c.mode)
	}
}

func argv(env func(string) string, name string) ([]string, error) {
	raw := env(name)
	if raw == "" {
		return nil, nil
	}
	var args []string
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		return nil, fmt.Errorf("%s must be a JSON array of strings: %v", name, err)
	}
	if len(args) == 0 || args[0] == "" {
		return nil, fmt.Errorf("%s must name a program first", name)
	}
	return args, nil
}

// upstream accepts a plain http URL; the function server is on the container's loopback, where TLS adds nothing.
func upstream(raw string) (*url.URL, error) {
	target, err := url.Parse(raw)
	if err != nil || target.Scheme != "http" || target.Host == "" {
		return nil, fmt.Errorf("FAAS_UPSTREAM must be an http URL such as http://127.0.0.1:8080/, got %q", raw)
	}
	if target.Port() == "" {
		target.Host += ":80"
	}
	return target, nil
}

func number(env func(string) string, name string, fallback int64) (int64, error) {
	raw := env(name)
	if raw == "" {
		return fallback, nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%s must be a positive integer, got %q", name, raw)
	}
	return n, nil
}

func orDefault(value, fallback string) string {
	if value == "" {
		return fallback
	}
	return value
}
