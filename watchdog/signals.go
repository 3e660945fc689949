package main

import (
	"bytes"
	"os"
	"strconv"
	"sync"
	"syscall"
)

var signalNames = map[syscall.Signal]string{
	syscall.SIGABRT: "SIGABRT", syscall.SIGALRM: "SIGALRM", syscall.SIGBUS: "SIGBUS", syscall.SIGFPE: "SIGFPE",
	syscall.SIGHUP: "SIGHUP", syscall.SIGILL: "SIGILL", syscall.SIGINT: "SIGINT", syscall.SIGKILL: "SIGKILL",
	syscall.SIGPIPE: "SIGPIPE", syscall.SIGQUIT: "SIGQUIT", syscall.SIGSEGV: "SIGSEGV", syscall.SIGSYS: "SIGSYS",
	syscall.SIGTERM: "SIGTERM", syscall.SIGTRAP: "SIGTRAP", syscall.SIGUSR1: "SIGUSR1", syscall.SIGUSR2: "SIGUSR2",
	syscall.SIGXCPU: "SIGXCPU", syscall.SIGXFSZ: "SIGXFSZ",
}

// signalName gives the conventional name of a signal, as operators know it from kill -l.
func signalName(sig syscall.Signal) string {
	if name, ok := signalNames[sig]; ok {
		return name
	}
	return "signal " + strconv.Itoa(int(sig))
}

// oomCounterFiles hold the memory cgroup's count of OOM kills: cgroup v2 first, then v1 (kernel 4.13 or newer).
var oomCounterFiles = []string{"/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control"}

// oomWatch tells whether the container's memory cgroup has killed a process since it last looked.
type oomWatch struct {
	mu   sync.Mutex
	seen int64
}

func newOOMWatch() *oomWatch {
	return &oomWatch{seen: oomKills()}
}

// killedSinceLastLook reports whether the OOM-kill count grew; concurrent crashes may share one kill's credit.
func (o *oomWatch) killedSinceLastLook() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	now := oomKills()
	grew := now > o.seen
	o.seen = now
	return grew
}

func oomKills() int64 {
	for _, name := range oomCounterFiles {
		content, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		for _, line := range bytes.Split(content, []byte("\n")) {
			if value, ok := bytes.CutPrefix(line, []byte("oom_kill ")); ok {
				n, _ := strconv.ParseInt(string(bytes.TrimSpace(value)), 10, 64)
				return n
			}
		}
	}
	return 0
}
