package api

import (
	"container/list"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// buckets keeps one token bucket per key (a client address or a token),
// at most max of them: when a new key comes and the set is full, the least
// recently seen key is forgotten. A forgotten client starts again with a
// full bucket, which costs an attacker nothing it did not have; what it
// cannot do is grow the set.
type buckets struct {
	mu    sync.Mutex
	max   int
	rate  rate.Limit
	burst int
	byKey map[string]*list.Element
	order *list.List // of *bucket, most recently seen first
}

type bucket struct {
	key string
	lim *rate.Limiter
}

func newBuckets(max int, r rate.Limit, burst int) *buckets {
	return &buckets{max: max, rate: r, burst: burst, byKey: map[string]*list.Element{}, order: list.New()}
}

// take takes one request from key's bucket. It returns 0 when the request
// may go, or how long to wait before the bucket has one again.
func (b *buckets) take(key string) time.Duration {
	b.mu.Lock()
	el, ok := b.byKey[key]
	if ok {
		b.order.MoveToFront(el)
	} else {
		if b.order.Len() >= b.max {
			old := b.order.Back()
			b.order.Remove(old)
			delete(b.byKey, old.Value.(*bucket).key)
		}
		el = b.order.PushFront(&bucket{key: key, lim: rate.NewLimiter(b.rate, b.burst)})
		b.byKey[key] = el
	}
	lim := el.Value.(*bucket).lim
	b.mu.Unlock()
	r := lim.Reserve()
	if d := r.Delay(); d > 0 {
		r.Cancel()
		return d
	}
	return 0
}

// len returns how many keys are remembered.
func (b *buckets) len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.order.Len()
}
