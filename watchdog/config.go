package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// config is the watchdog's configuration, read from FAAS_* environment variables that the platform sets.
type config struct {
	socket       string
	mode         string
	command      []string
	startCommand []string
	upstream     string
	timeout      time.Duration
	maxBody      int64
	contentType  string
}

func loadConfig(env func(string) string) (config, error) {
	c := config{
		socket:      orDefault(env("FAAS_SOCKET"), "/faas/run/watchdog.sock"),
		mode:        env("FAAS_MODE"),
		upstream:    orDefault(env("FAAS_UPSTREAM"), "http://127.0.0.1:8080"),
		contentType: orDefault(env("FAAS_CONTENT_TYPE"), "application/octet-stream"),
	}
	var err error
	if c.command, err = argv(env, "FAAS_COMMAND"); err != nil {
		return c, err
	}
	if c.startCommand, err = argv(env, "FAAS_START_COMMAND"); err != nil {
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
	switch c.mode {
	case "stdio":
		if len(c.command) == 0 {
			return c, fmt.Errorf("FAAS_COMMAND is required in stdio mode")
		}
	case "http":
	default:
		return c, fmt.Errorf("FAAS_MODE must be stdio or http, got %q", c.mode)
	}
	return c, nil
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
	return args, nil
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
