package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// ErrDestinationRefused means a delivery would have connected to an address webhooks may not
// reach: loopback (unless the policy allows it), private, link-local, multicast, unspecified,
// reserved or cloud-metadata ranges.
var ErrDestinationRefused = errors.New("webhook destination refused")

// Policy says where deliveries may connect. A subscriber chooses the URL, so without it the
// indexer would POST, with retries, to whatever that URL names inside its own network: Kubo's
// RPC, the store's server, a cloud metadata service.
//
// The check runs on the address each connection is about to use, after name resolution (a
// net.Dialer Control function), so a name that resolves to a public address when the
// subscription is made and to an internal one later (DNS rebinding) is still refused, and so is
// every other spelling of an internal address (decimal, IPv4-mapped IPv6, NAT64, 6to4).
type Policy struct {
	// AllowLoopback lets deliveries reach 127.0.0.0/8 and ::1, and plain http there: for
	// development, where the receiver runs beside the indexer. Everything else stays refused.
	AllowLoopback bool
}

// blockedRange is a prefix deliveries may not reach, with why.
type blockedRange struct {
	prefix netip.Prefix
	what   string
}

func mustRanges(pairs ...string) []blockedRange {
	out := make([]blockedRange, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, blockedRange{netip.MustParsePrefix(pairs[i]), pairs[i+1]})
	}
	return out
}

// loopback is allowed only by Policy.AllowLoopback.
var loopback = mustRanges("127.0.0.0/8", "loopback", "::1/128", "loopback")

// blocked lists the special-purpose ranges of the IANA IPv4 and IPv6 registries that are not
// the public internet. The cloud metadata services live inside them: 169.254.169.254 (AWS, GCP,
// Azure, OpenStack) in link-local, fd00:ec2::254 (AWS over IPv6) in unique-local,
// 100.100.100.200 (Alibaba) in shared address space, 192.0.0.192 (Oracle) in IETF assignments.
var blocked = mustRanges(
	"0.0.0.0/8", "unspecified (this network)",
	"10.0.0.0/8", "private network",
	"100.64.0.0/10", "shared address space (carrier NAT, cloud metadata)",
	"169.254.0.0/16", "link-local (cloud metadata)",
	"172.16.0.0/12", "private network",
	"192.0.0.0/24", "IETF protocol assignments (cloud metadata)",
	"192.0.2.0/24", "documentation",
	"192.88.99.0/24", "6to4 relay anycast",
	"192.168.0.0/16", "private network",
	"198.18.0.0/15", "benchmarking",
	"198.51.100.0/24", "documentation",
	"203.0.113.0/24", "documentation",
	"224.0.0.0/4", "multicast",
	"240.0.0.0/4", "reserved",
	"255.255.255.255/32", "broadcast",
	"::/128", "unspecified",
	"::/96", "IPv4-compatible IPv6",
	"64:ff9b:1::/48", "local-use NAT64",
	"100::/64", "discard-only",
	"2001::/32", "Teredo tunnelling",
	"2001:db8::/32", "documentation",
	"fc00::/7", "unique-local (private network, cloud metadata)",
	"fe80::/10", "link-local",
	"fec0::/10", "site-local",
	"ff00::/8", "multicast",
)

// Prefixes whose addresses embed an IPv4 address that a gateway connects to on the caller's
// behalf: the embedded address must be allowed too.
var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// Check returns nil when deliveries may connect to ip, else an error wrapping
// ErrDestinationRefused that names the range.
func (p Policy) Check(ip netip.Addr) error {
	ip = ip.Unmap().WithZone("")
	if !ip.IsValid() {
		return fmt.Errorf("%w: no address", ErrDestinationRefused)
	}
	for _, r := range loopback {
		if r.prefix.Contains(ip) {
			if p.AllowLoopback {
				return nil
			}
			return fmt.Errorf("%w: %s is %s (allowed only in development)", ErrDestinationRefused, ip, r.what)
		}
	}
	for _, r := range blocked {
		if r.prefix.Contains(ip) {
			return fmt.Errorf("%w: %s is %s", ErrDestinationRefused, ip, r.what)
		}
	}
	var embedded netip.Addr
	switch b := ip.As16(); {
	case nat64.Contains(ip):
		embedded = netip.AddrFrom4([4]byte(b[12:16]))
	case sixToFour.Contains(ip):
		embedded = netip.AddrFrom4([4]byte(b[2:6]))
	default:
		return nil
	}
	if err := (Policy{}).Check(embedded); err != nil {
		return fmt.Errorf("%w: %s embeds %s", ErrDestinationRefused, ip, embedded)
	}
	return nil
}

// Control is a net.Dialer Control function enforcing the policy on the resolved address of
// every connection, just before it is made.
func (p Policy) Control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s %q is not an IP address and port", ErrDestinationRefused, network, address)
	}
	return p.Check(ap.Addr())
}

// ValidateURL checks a subscription's URL before it is stored: absolute, https (plain http only
// to loopback, and only when the policy allows loopback), and not a literal address the policy
// refuses. Names are checked again, resolved, on every connection.
func (p Policy) ValidateURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return fmt.Errorf("%w: %q is not an absolute URL", ErrInvalid, raw)
	}
	if u.User != nil {
		return fmt.Errorf("%w: %s: credentials in a webhook URL are refused (the payloads are signed instead)", ErrInvalid, u.Redacted())
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	isLoopbackName := host == "localhost" || strings.HasSuffix(host, ".localhost")
	ip, ipErr := netip.ParseAddr(host)
	switch u.Scheme {
	case "https":
	case "http":
		if !p.AllowLoopback {
			return fmt.Errorf("%w: %s must use https", ErrInvalid, raw)
		}
		if !isLoopbackName && (ipErr != nil || !ip.Unmap().IsLoopback()) {
			return fmt.Errorf("%w: %s must use https (plain http is allowed only on loopback)", ErrInvalid, raw)
		}
	default:
		return fmt.Errorf("%w: scheme %q (use https)", ErrInvalid, u.Scheme)
	}
	if isLoopbackName && !p.AllowLoopback {
		return fmt.Errorf("%w: %s: webhooks reach only public addresses, and %s is loopback", ErrInvalid, raw, host)
	}
	if ipErr == nil {
		if err := p.Check(ip); err != nil {
			return fmt.Errorf("%w: %s: webhooks reach only public addresses (%v)", ErrInvalid, raw, err)
		}
	}
	return nil
}

// NewHTTPClient is the client deliveries use: every connection is checked against the policy
// after name resolution, no proxy is used (a proxy would resolve the name itself, beyond the
// check), and redirects are not followed (a redirect could lead from a public URL to plain http
// or inside the network), so a 3xx counts as a failed attempt.
func NewHTTPClient(p Policy) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second, Control: p.Control}
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			Proxy: nil,
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				return dialer.DialContext(ctx, network, addr)
			},
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          100,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   5 * time.Second,
			ExpectContinueTimeout: time.Second,
			ResponseHeaderTimeout: 10 * time.Second,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Failure classes a subscriber is told about a failed attempt. Anything more precise (connection
// refused against timed out, a TLS alert, a DNS error) would let a subscriber map which hosts
// and ports answer the indexer; the details go to the indexer's own log only.
const (
	FailRefused     = "destination refused: webhooks reach only public addresses"
	FailUnreachable = "could not deliver: no HTTP answer from the endpoint"
)

// failureClass is what a subscriber sees of a failed attempt.
func failureClass(err error) string {
	var st *statusError
	switch {
	case errors.Is(err, ErrDestinationRefused):
		return FailRefused
	case errors.As(err, &st):
		return st.Error()
	default:
		return FailUnreachable
	}
}

// statusError is an endpoint's non-2xx answer: the subscriber's own endpoint, on a public
// address, so its status is theirs to see.
type statusError struct{ code int }

func (e *statusError) Error() string {
	return fmt.Sprintf("endpoint answered HTTP %d", e.code)
}
