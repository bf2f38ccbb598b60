package webhook_test

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/indexer/webhook"
)

func TestPolicyRefusesEveryInternalRange(t *testing.T) {
	internal := []string{
		// loopback, every spelling
		"127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1",
		// unspecified
		"0.0.0.0", "0.1.2.3", "::",
		// private networks
		"10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1", "::ffff:10.1.2.3", "fd12:3456::1",
		// link-local, multicast, broadcast, reserved
		"169.254.1.1", "fe80::1", "fe80::1%eth0", "224.0.0.1", "239.255.255.250", "ff02::1", "255.255.255.255", "240.0.0.1",
		// cloud metadata services
		"169.254.169.254", "fd00:ec2::254", "100.100.100.200", "192.0.0.192", "::ffff:169.254.169.254",
		// carrier NAT, benchmarking, documentation, site-local, IPv4-compatible
		"100.64.0.1", "198.18.0.1", "192.0.2.1", "2001:db8::1", "fec0::1", "::7f00:1",
		// IPv6 forms that reach an internal IPv4 address through a gateway
		"64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "2002:a9fe:a9fe::1", "2002:7f00:1::1", "2001:0:4136:e378::1", "64:ff9b:1::1",
	}
	for _, s := range internal {
		ip := netip.MustParseAddr(s)
		if err := (webhook.Policy{}).Check(ip); !errors.Is(err, webhook.ErrDestinationRefused) {
			t.Errorf("%s: %v, want refused", s, err)
		}
	}
	// A development indexer may reach loopback, and nothing else inside.
	dev := webhook.Policy{AllowLoopback: true}
	for _, s := range []string{"127.0.0.1", "::1", "::ffff:127.0.0.1", "127.9.9.9"} {
		if err := dev.Check(netip.MustParseAddr(s)); err != nil {
			t.Errorf("development, %s: %v", s, err)
		}
	}
	for _, s := range []string{"169.254.169.254", "10.0.0.1", "fd00:ec2::254", "0.0.0.0", "64:ff9b::7f00:1"} {
		if err := dev.Check(netip.MustParseAddr(s)); !errors.Is(err, webhook.ErrDestinationRefused) {
			t.Errorf("development, %s: %v, want refused", s, err)
		}
	}
	for _, s := range []string{"8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "64:ff9b::808:808", "2002:808:808::1", "::ffff:8.8.8.8"} {
		if err := (webhook.Policy{}).Check(netip.MustParseAddr(s)); err != nil {
			t.Errorf("public %s: %v", s, err)
		}
	}
}

func TestValidateURL(t *testing.T) {
	strict, dev := webhook.Policy{}, webhook.Policy{AllowLoopback: true}
	for _, c := range []struct {
		url       string
		strictOK  bool
		devOK     bool
		mentioned string
	}{
		{"https://hooks.example.org/emr", true, true, ""},
		{"https://93.184.216.34/emr", true, true, ""},
		{"https://localhost:8443/x", false, true, "loopback"},
		{"https://LOCALHOST./x", false, true, "loopback"},
		{"https://app.localhost/x", false, true, "loopback"},
		{"http://127.0.0.1:9000/x", false, true, "https"},
		{"http://[::1]:9000/x", false, true, "https"},
		{"https://127.0.0.1:5001/api/v0/shutdown", false, true, "loopback"},
		{"https://[::ffff:127.0.0.1]:5001/x", false, true, "loopback"},
		{"https://169.254.169.254/latest/meta-data/", false, false, "link-local"},
		{"https://[fd00:ec2::254]/latest/meta-data/", false, false, "unique-local"},
		{"https://10.0.0.7/x", false, false, "private"},
		{"https://0.0.0.0/x", false, false, "unspecified"},
		{"http://hooks.example.org/x", false, false, "https"},
		{"https://user:pass@hooks.example.org/x", false, false, "credentials"},
		{"ftp://hooks.example.org/x", false, false, "scheme"},
		{"hooks.example.org/x", false, false, "absolute"},
		{"mailto:a@b.c", false, false, "absolute"},
	} {
		for _, p := range []struct {
			policy webhook.Policy
			ok     bool
		}{{strict, c.strictOK}, {dev, c.devOK}} {
			err := p.policy.ValidateURL(c.url)
			if p.ok != (err == nil) || err != nil && (!errors.Is(err, webhook.ErrInvalid) || !strings.Contains(err.Error(), c.mentioned)) {
				t.Errorf("%s (loopback allowed: %v): %v", c.url, p.policy.AllowLoopback, err)
			}
		}
	}
}

// countingListener counts the connections made to a loopback port.
func countingListener(t *testing.T) (string, *atomic.Int64) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var n atomic.Int64
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n.Add(1)
			c.Close()
		}
	}()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port), &n
}

// The check runs on the address a connection is about to use, after name resolution: a URL
// accepted earlier (a name that resolved to a public address then, as in DNS rebinding) still
// never reaches an internal address.
func TestDeliveryClientChecksTheResolvedAddress(t *testing.T) {
	port, conns := countingListener(t)
	c := webhook.NewHTTPClient(webhook.Policy{})
	for _, u := range []string{
		"http://localhost:" + port + "/hook", // a name, resolved to 127.0.0.1 at connect time
		"http://127.0.0.1:" + port + "/hook",
		"http://[::ffff:127.0.0.1]:" + port + "/hook",
		"https://localhost:" + port + "/hook",
	} {
		resp, err := c.Post(u, "application/json", strings.NewReader("{}"))
		if err == nil {
			resp.Body.Close()
		}
		if !errors.Is(err, webhook.ErrDestinationRefused) {
			t.Errorf("%s: %v, want refused", u, err)
		}
	}
	if n := conns.Load(); n != 0 {
		t.Fatalf("%d connections reached the loopback listener", n)
	}
	resp, err := webhook.NewHTTPClient(webhook.Policy{AllowLoopback: true}).Post("http://localhost:"+port+"/hook", "application/json", strings.NewReader("{}"))
	if err == nil {
		resp.Body.Close()
	}
	waitFor(t, "the development client's connection", func() bool { return conns.Load() > 0 })
}

// A subscription stored when its URL was allowed (a name that resolved elsewhere then) is
// refused at delivery, and the subscriber is told only the failure's class.
func TestDispatcherRefusesAtConnectTimeAndTellsOnlyTheClass(t *testing.T) {
	ctx := context.Background()
	port, conns := countingListener(t)
	o, err := webhook.OpenOutbox(filepath.Join(t.TempDir(), "outbox.db"), dev)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	p := common.Address{7}
	inside, err := o.Subscribe(ctx, webhook.Subscription{URL: "http://localhost:" + port + "/api/v0/shutdown", Owner: p, Patient: &p}, actions)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Fanout(ctx, []webhook.Notification{note(p, 1)}, "c1", time.Now()); err != nil {
		t.Fatal(err)
	}

	strict := &webhook.Dispatcher{Outbox: o, BaseBackoff: time.Hour, Poll: 10 * time.Millisecond}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); _ = strict.Run(runCtx) }()
	waitFor(t, "the refused attempt", func() bool { s, _ := o.Stats(ctx, inside.ID); return s.Attempts > 0 })
	cancel()
	<-done
	if n := conns.Load(); n != 0 {
		t.Fatalf("the dispatcher connected to loopback %d times", n)
	}
	if s, _ := o.Stats(ctx, inside.ID); s.LastError != webhook.FailRefused {
		t.Fatalf("subscriber told %q, want %q", s.LastError, webhook.FailRefused)
	}

	// Whatever went wrong on the way (here: connection refused), the subscriber sees one class,
	// so it cannot tell a closed port from a filtered one or a TLS server from a plain one.
	closed, _ := net.Listen("tcp", "127.0.0.1:0")
	closedURL := "http://" + closed.Addr().String() + "/hook"
	closed.Close()
	q := common.Address{8}
	nowhere, err := o.Subscribe(ctx, webhook.Subscription{URL: closedURL, Owner: q, Patient: &q}, actions)
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Fanout(ctx, []webhook.Notification{note(q, 2)}, "c2", time.Now()); err != nil {
		t.Fatal(err)
	}
	d := &webhook.Dispatcher{Outbox: o, Policy: dev, BaseBackoff: time.Hour, Poll: 10 * time.Millisecond}
	runCtx, cancel = context.WithCancel(ctx)
	done = make(chan struct{})
	go func() { defer close(done); _ = d.Run(runCtx) }()
	waitFor(t, "the failed attempt", func() bool { s, _ := o.Stats(ctx, nowhere.ID); return s.Attempts > 0 })
	cancel()
	<-done
	if s, _ := o.Stats(ctx, nowhere.ID); s.LastError != webhook.FailUnreachable {
		t.Fatalf("subscriber told %q, want only %q", s.LastError, webhook.FailUnreachable)
	}
}
