package main

import (
	"testing"
	"time"
)

func TestConfigurationDefaults(t *testing.T) {
	env := map[string]string{"FAAS_MODE": "stdio", "FAAS_COMMAND": `["cat"]`}

	cfg, err := loadConfig(func(name string) string { return env[name] })

	if err != nil {
		t.Fatal(err)
	}
	if cfg.socket != "/faas/run/watchdog.sock" || cfg.timeout != 30*time.Second || cfg.maxBody != 8<<20 ||
		cfg.contentType != "application/octet-stream" || cfg.upstream.String() != "http://127.0.0.1:8080" {
		t.Fatalf("defaults: %+v", cfg)
	}
}

func TestConfigurationErrorsAreReported(t *testing.T) {
	cases := []map[string]string{
		{"FAAS_MODE": "telepathy"},
		{"FAAS_MODE": "stdio"},
		{"FAAS_MODE": "stdio", "FAAS_COMMAND": "cat"},
		{"FAAS_MODE": "stdio", "FAAS_COMMAND": `[]`},
		{"FAAS_MODE": "stdio", "FAAS_COMMAND": `["/no/such/program"]`},
		{"FAAS_MODE": "stdio", "FAAS_COMMAND": `["cat"]`, "FAAS_TIMEOUT_MS": "-1"},
		{"FAAS_MODE": "stdio", "FAAS_COMMAND": `["cat"]`, "FAAS_MAX_BODY_BYTES": "lots"},
		{"FAAS_MODE": "http", "FAAS_UPSTREAM": "https://127.0.0.1:8443/"},
		{"FAAS_MODE": "http", "FAAS_START_COMMAND": `["/no/such/server"]`},
	}
	for _, env := range cases {
		if _, err := loadConfig(func(name string) string { return env[name] }); err == nil {
			t.Errorf("expected an error for %v", env)
		}
	}
}
