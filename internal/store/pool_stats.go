package store

import "database/sql"

// PoolStats returns the statistics of the connection pools, by pool: on
// SQLite "read" (the readers) and "write" (its one connection, which
// writers queue for); on PostgreSQL "shared", the one pool of both. The
// admin listener's metrics read them at every scrape.
func (s *Store) PoolStats() map[string]sql.DBStats {
	if s.read == s.write {
		return map[string]sql.DBStats{"shared": s.read.Stats()}
	}
	return map[string]sql.DBStats{"read": s.read.Stats(), "write": s.write.Stats()}
}
