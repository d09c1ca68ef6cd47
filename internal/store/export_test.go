package store

import "context"

// AuditTamper tries to change and delete audit entries, for the test that
// the database refuses both. It exists only in tests.
func (s *Store) AuditTamper(ctx context.Context) error {
	if _, err := s.write.ExecContext(ctx, `UPDATE audit_log SET login = 'nobody'`); err == nil {
		return nil
	}
	_, err := s.write.ExecContext(ctx, `DELETE FROM audit_log`)
	return err
}
