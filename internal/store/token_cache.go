package store

import (
	"sync"
	"time"

	"github.com/dualtrack/dualtrack/internal/domain"
)

// TokenCacheTTL is how long a node trusts what it read of an API token and
// its user before reading them again. Checking a token was a database round
// trip (two before the join) on every API request; within this bound the
// node answers from memory. The price is the bound itself: a token revoked,
// or its user disabled, expired, re-scoped or given another role, through
// another node or another process (`dualtrack user disable`) is still
// accepted by this node for at most TokenCacheTTL. On the node that made
// the change it takes effect at once: every change of a token or a user
// through this Store empties the cache. A token's own expiry and its user's
// are compared with the clock on every request, cached or not.
const TokenCacheTTL = 5 * time.Second

// maxCachedTokens bounds the cache: only tokens that were valid when read
// are kept, so it holds the tokens used within the last TokenCacheTTL; past
// this many the stale ones are dropped, and if that is not enough, all.
const maxCachedTokens = 10_000

// tokenCache holds the tokens this node checked lately, by their hash.
type tokenCache struct {
	mu      sync.RWMutex
	entries map[string]cachedToken
	// gen counts the changes of tokens and users made through this Store.
	// A reader notes it before its query and keeps the answer only if it
	// has not moved: an answer read before a revocation committed must not
	// outlive the revocation.
	gen uint64
}

type cachedToken struct {
	token domain.Token
	user  domain.User
	read  time.Time // when it was read from the database
}

// get returns the token of hash read less than TokenCacheTTL before now.
func (c *tokenCache) get(hash string, now time.Time) (cachedToken, bool) {
	c.mu.RLock()
	e, ok := c.entries[hash]
	c.mu.RUnlock()
	if !ok || now.Sub(e.read) >= TokenCacheTTL || now.Before(e.read) {
		return cachedToken{}, false
	}
	return e, true
}

// generation is the count of changes a reader notes before its query.
func (c *tokenCache) generation() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.gen
}

// put keeps e under hash unless a token or a user changed since the reader
// noted gen.
func (c *tokenCache) put(hash string, gen uint64, e cachedToken) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return
	}
	if c.entries == nil {
		c.entries = make(map[string]cachedToken)
	}
	if len(c.entries) >= maxCachedTokens {
		for h, old := range c.entries {
			if e.read.Sub(old.read) >= TokenCacheTTL {
				delete(c.entries, h)
			}
		}
		if len(c.entries) >= maxCachedTokens {
			clear(c.entries)
		}
	}
	c.entries[hash] = e
}

// touched notes in the cache that a token's use was recorded at, so that
// the once-a-minute record (auth.Service.Authenticate) is not repeated on
// every request until the entry is read again.
func (c *tokenCache) touched(tokenID int64, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for h, e := range c.entries {
		if e.token.ID == tokenID {
			e.token.LastUsedAt = at
			c.entries[h] = e
		}
	}
}

// forget empties the cache after a change of a token or a user. It is
// called after the change commits: a reader that queried before the
// commit sees gen moved and keeps nothing.
func (c *tokenCache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
}
