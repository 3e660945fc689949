package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// prSetChildSubreaper is prctl's PR_SET_CHILD_SUBREAPER: orphans of our children are re-parented to us.
const prSetChildSubreaper = 36

// supervisor starts processes in their own process groups and reaps every child, including orphans that were
// re-parented to the watchdog as PID 1 or as a child subreaper. Without this, a function that leaves background
// processes behind would fill the container's pids limit with zombies.
//
// Nothing else in the process may wait for children (no os/exec Wait): the reaper collects every exit status.
type supervisor struct {
	mu      sync.Mutex
	waiting map[int]chan syscall.WaitStatus
	groups  map[int]struct{}
}

var (
	theSupervisor  *supervisor
	supervisorOnce sync.Once
)

// processes returns the one supervisor of this process: two reapers would steal each other's exit statuses.
func processes() *supervisor {
	supervisorOnce.Do(func() { theSupervisor = newSupervisor() })
	return theSupervisor
}

func newSupervisor() *supervisor {
	s := &supervisor{waiting: map[int]chan syscall.WaitStatus{}, groups: map[int]struct{}{}}
	_, _, _ = syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0)
	children := make(chan os.Signal, 1)
	signal.Notify(children, syscall.SIGCHLD)
	go s.reap(children)
	return s
}

// process is one started process; exited yields its wait status once.
type process struct {
	pid    int
	exited <-chan syscall.WaitStatus
}

// start runs argv with files as its stdin, stdout and stderr, as the leader of a new process group.
func (s *supervisor) start(argv []string, files []uintptr) (process, error) {
	path, err := resolve(argv[0])
	if err != nil {
		return process{}, err
	}
	attr := &syscall.ProcAttr{Env: os.Environ(), Files: files, Sys: &syscall.SysProcAttr{Setpgid: true}}
	exited := make(chan syscall.WaitStatus, 1)

	// Holding the lock across the fork keeps the reaper from collecting this pid before it is registered.
	s.mu.Lock()
	defer s.mu.Unlock()
	pid, err := syscall.ForkExec(path, argv, attr)
	if err != nil {
		return process{}, fmt.Errorf("cannot start %s: %w", argv[0], err)
	}
	s.waiting[pid] = exited
	s.groups[pid] = struct{}{}
	preferForOOMKill(pid)
	return process{pid: pid, exited: exited}, nil
}

// killGroup kills the process group led by p and forgets it. Called after the leader has exited too, to remove
// whatever it left running in its group.
func (s *supervisor) killGroup(p process) {
	_ = syscall.Kill(-p.pid, syscall.SIGKILL)
	s.mu.Lock()
	delete(s.groups, p.pid)
	s.mu.Unlock()
}

// stopAll asks every live process group to terminate, and kills what is still there after grace.
func (s *supervisor) stopAll(grace time.Duration) {
	s.signalGroups(syscall.SIGTERM)
	deadline := time.Now().Add(grace)
	for time.Now().Before(deadline) && s.running() > 0 {
		time.Sleep(10 * time.Millisecond)
	}
	s.signalGroups(syscall.SIGKILL)
}

func (s *supervisor) signalGroups(sig syscall.Signal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for pgid := range s.groups {
		_ = syscall.Kill(-pgid, sig)
	}
}

func (s *supervisor) running() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.waiting)
}

// reap collects every exited child on each SIGCHLD; statuses of processes nobody waits for (orphans) are dropped.
func (s *supervisor) reap(children <-chan os.Signal) {
	for range children {
		for {
			var status syscall.WaitStatus
			pid, err := syscall.Wait4(-1, &status, syscall.WNOHANG, nil)
			if errors.Is(err, syscall.EINTR) {
				continue
			}
			if err != nil || pid <= 0 {
				break
			}
			s.deliver(pid, status)
		}
	}
}

func (s *supervisor) deliver(pid int, status syscall.WaitStatus) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if exited, ok := s.waiting[pid]; ok {
		delete(s.waiting, pid)
		exited <- status
	}
}

// resolve finds a command the way a shell would, so that FAAS_COMMAND may name "cat" as well as "/bin/cat".
func resolve(name string) (string, error) {
	path, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("cannot find %s: %w", name, err)
	}
	return path, nil
}

// preferForOOMKill makes a function's process the memory-cgroup's first victim rather than the watchdog, so that
// an out-of-memory function yields a "crash" answer instead of a dead container. Raising the score needs no
// privilege; failing to is harmless, as the function's process is usually the largest anyway.
func preferForOOMKill(pid int) {
	name := "/proc/" + strconv.Itoa(pid) + "/oom_score_adj"
	_ = os.WriteFile(name, []byte("1000"), 0)
}
