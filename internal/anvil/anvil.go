// Package anvil runs a local anvil node (the native binary from the npm toolchain) on a free
// loopback port for tests and benchmarks, and stops it by PID. The npm `.bin/anvil` wrapper is
// avoided on purpose: it spawns a child that killing the wrapper's PID would leave running.
package anvil

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// BinPath is where scripts/setup.sh installs the native anvil binary, relative to the repository.
const BinPath = "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"

// Node is a running anvil.
type Node struct {
	Addr string // 127.0.0.1:PORT
	cmd  *exec.Cmd
	done chan struct{}
}

// HTTP is the node's HTTP JSON-RPC URL.
func (n *Node) HTTP() string { return "http://" + n.Addr }

// WS is the node's WebSocket JSON-RPC URL (anvil serves both on one port).
func (n *Node) WS() string { return "ws://" + n.Addr }

// Find returns the anvil binary under the repository root, or an error saying how to install it.
func Find(root string) (string, error) {
	bin := filepath.Join(root, BinPath)
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("anvil is not installed (run scripts/setup.sh): %w", err)
	}
	return bin, nil
}

// Start runs bin on a free loopback port with the extra arguments (e.g. "--block-time", "1"),
// sending its output to log (nil discards it), and returns once the port accepts connections.
func Start(ctx context.Context, bin string, log io.Writer, args ...string) (*Node, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("find a free port: %w", err)
	}
	addr := ln.Addr().String()
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	if log == nil {
		log = io.Discard
	}
	cmd := exec.Command(bin, append([]string{"--host", "127.0.0.1", "--port", fmt.Sprint(port)}, args...)...)
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start anvil %s: %w", bin, err)
	}
	n := &Node{Addr: addr, cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(n.done) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return n, nil
		}
		select {
		case <-n.done:
			return nil, errors.New("anvil exited before listening")
		case <-ctx.Done():
			n.Stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			n.Stop()
			return nil, errors.New("anvil did not start listening within 30 s")
		}
	}
}

// Stop terminates the node, killing its process group if it does not exit within 10 s.
func (n *Node) Stop() {
	if n.cmd.Process == nil {
		return
	}
	_ = n.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-n.done:
	case <-time.After(10 * time.Second):
		_ = syscall.Kill(-n.cmd.Process.Pid, syscall.SIGKILL)
		<-n.done
	}
}
