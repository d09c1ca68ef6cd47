-- Notifications (issue 11): what the program tells people by itself, in
-- the product and by e-mail — agreements awaiting a party's signature,
-- logbook entries awaiting the mentor, changes and deadlines of work
-- obligations, allocation rounds opening and about to close (the rules
-- are in internal/domain/notification.go, the sweep that raises them in
-- store/notification_sweep.go and internal/notify).
--
-- notifications holds one row per person and event, made by a sweep. The
-- text is not stored: the kind names the catalog messages and params
-- their placeholders, so the list shows each in the reader's language of
-- the moment, and the e-mail in the language the person chose. The
-- unique key (user, kind, event) makes a sweep idempotent: a sweep run
-- twice, or on two nodes at once, raises each notification once. in_app
-- and email are the person's choice when it was raised; an e-mail is
-- claimed by one node (email_claimed_at) before it is sent, so two nodes
-- never send it twice, and a claim older than the retry interval is
-- taken again after a failure.
--
-- notification_settings is a person's e-mail address and the language of
-- their e-mails (users carry neither); notification_prefs their choice of
-- channels per kind. No row means the defaults: every kind in the product
-- and by e-mail (sent only once an address is given).

-- +goose Up
CREATE TABLE notifications (
    id               INTEGER PRIMARY KEY,
    user_id          INTEGER NOT NULL REFERENCES users (id),
    kind             TEXT    NOT NULL CHECK (kind IN ('agreement_awaiting', 'logbook_waiting', 'obligation_milestone',
                                                     'round_opened', 'round_closing')),
    event_key        TEXT    NOT NULL,
    params           TEXT    NOT NULL, -- JSON object: the placeholders of the kind's messages
    link             TEXT    NOT NULL, -- a path of the site
    in_app           INTEGER NOT NULL,
    email            INTEGER NOT NULL,
    created_at       TEXT    NOT NULL,
    read_at          TEXT,
    email_claimed_at TEXT,
    email_attempts   INTEGER NOT NULL DEFAULT 0,
    emailed_at       TEXT,
    UNIQUE (user_id, kind, event_key)
) STRICT;
-- A person's list, newest first, and the count of the unread (the bell).
CREATE INDEX notifications_list ON notifications (user_id, id) WHERE in_app;
CREATE INDEX notifications_unread ON notifications (user_id) WHERE in_app AND read_at IS NULL;
-- The e-mails still to send.
CREATE INDEX notifications_outbox ON notifications (user_id, id) WHERE email AND emailed_at IS NULL;

CREATE TABLE notification_settings (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id),
    email      TEXT    NOT NULL, -- '' for none
    lang       TEXT    NOT NULL CHECK (lang IN ('kk', 'ru', 'en')),
    updated_at TEXT    NOT NULL
) STRICT;

CREATE TABLE notification_prefs (
    user_id INTEGER NOT NULL REFERENCES users (id),
    kind    TEXT    NOT NULL,
    in_app  INTEGER NOT NULL,
    email   INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind)
) STRICT, WITHOUT ROWID;

-- The sweep finds a student's account, and the alerts of its look-back
-- window, by index.
CREATE INDEX users_student ON users (student_id) WHERE student_id IS NOT NULL;
CREATE INDEX alerts_created ON alerts (created_at);

-- +goose Down
DROP INDEX alerts_created;
DROP INDEX users_student;
DROP TABLE notification_prefs;
DROP TABLE notification_settings;
DROP TABLE notifications;
