package tcpproxy_test

import (
	"bufio"
	"net"
	"testing"

	"github.com/emrchain/emrchain/internal/tcpproxy"
)

func TestForwardCutRestore(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				line, _ := bufio.NewReader(c).ReadString('\n')
				c.Write([]byte("echo " + line))
			}()
		}
	}()
	p, err := tcpproxy.Start(ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	roundTrip := func() (string, error) {
		c, err := net.Dial("tcp", p.Addr())
		if err != nil {
			return "", err
		}
		defer c.Close()
		if _, err := c.Write([]byte("hi\n")); err != nil {
			return "", err
		}
		return bufio.NewReader(c).ReadString('\n')
	}
	if got, err := roundTrip(); err != nil || got != "echo hi\n" {
		t.Fatalf("through the proxy: %q %v", got, err)
	}
	held, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	p.Cut()
	if _, err := net.Dial("tcp", p.Addr()); err == nil {
		t.Fatal("connected while cut")
	}
	held.Write([]byte("x\n"))
	if _, err := bufio.NewReader(held).ReadString('\n'); err == nil {
		t.Fatal("an open connection survived the cut")
	}
	if err := p.Restore(); err != nil {
		t.Fatal(err)
	}
	if got, err := roundTrip(); err != nil || got != "echo hi\n" {
		t.Fatalf("after restore: %q %v", got, err)
	}
}
