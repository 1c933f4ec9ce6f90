-- Every version of the catalog (the studio's drafts, scheduled and published versions, and the
-- retired ones kept for rollback), and who did what to each and when.
CREATE TABLE catalog_versions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    body TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'scheduled', 'published', 'retired')),
    based_on BIGINT REFERENCES catalog_versions(id),
    author TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    publish_at BIGINT,
    published_at BIGINT,
    retired_at BIGINT
);
-- At most one version is in force.
CREATE UNIQUE INDEX catalog_versions_one_published ON catalog_versions (state) WHERE state = 'published';
CREATE INDEX catalog_versions_due ON catalog_versions (state, publish_at);
CREATE TABLE catalog_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version_id BIGINT NOT NULL REFERENCES catalog_versions(id),
    action TEXT NOT NULL,
    actor TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX catalog_events_by_version ON catalog_events (version_id, id);
