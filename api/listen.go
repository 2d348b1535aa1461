package api

import (
	"io"
	"net"
	"sync"
)

// ConnLimits bound the connections a listener keeps open; zero values
// mean defaults (4,096 in all, 256 from one client address).
type ConnLimits struct {
	Total   int
	PerAddr int
}

// LimitListener wraps ln: a connection past Total open connections, or
// past PerAddr from one client address (an IPv6 address by its /64), is
// closed as soon as it is accepted. An idle connection costs a goroutine
// and its buffers until the header timeout; without a bound, thousands of
// them from one client hold the memory of hundreds of megabytes.
func LimitListener(ln net.Listener, l ConnLimits) net.Listener {
	if l.Total <= 0 {
		l.Total = 4096
	}
	if l.PerAddr <= 0 {
		l.PerAddr = 256
	}
	return &limitListener{Listener: ln, l: l, per: map[string]int{}}
}

type limitListener struct {
	net.Listener
	l     ConnLimits
	mu    sync.Mutex
	total int
	per   map[string]int // only addresses with open connections
}

// Accept returns the next connection within the limits; the others are
// closed without a word.
func (ll *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := ll.Listener.Accept()
		if err != nil {
			return nil, err
		}
		key := connAddr(c.RemoteAddr())
		ll.mu.Lock()
		if ll.total >= ll.l.Total || ll.per[key] >= ll.l.PerAddr {
			ll.mu.Unlock()
			c.Close()
			continue
		}
		ll.total++
		ll.per[key]++
		ll.mu.Unlock()
		return &limitConn{Conn: c, ll: ll, key: key}, nil
	}
}

func (ll *limitListener) release(key string) {
	ll.mu.Lock()
	defer ll.mu.Unlock()
	ll.total--
	if ll.per[key]--; ll.per[key] <= 0 {
		delete(ll.per, key)
	}
}

// limitConn gives its place back once, when closed.
type limitConn struct {
	net.Conn
	ll   *limitListener
	key  string
	once sync.Once
}

// CloseWrite and ReadFrom pass on what net/http looks for in a TCP
// connection: a half close before it closes a refused request's
// connection, and sendfile.
func (c *limitConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

func (c *limitConn) ReadFrom(r io.Reader) (int64, error) { return io.Copy(c.Conn, r) }

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() { c.ll.release(c.key) })
	return err
}

// connAddr is the key of a connection's peer: its IP, an IPv6 one by /64.
func connAddr(a net.Addr) string {
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		host = a.String()
	}
	return addrKey(host)
}

// addrKey is the key limits use for a client IP: the IP, an IPv6 one by
// its /64 (one subscriber gets a whole /64).
func addrKey(host string) string {
	ip := net.ParseIP(host)
	if ip == nil {
		return host
	}
	if ip.To4() == nil {
		return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return ip.String()
}
