-- Each version's texts in the catalog's other languages, with the wording of the catalog's own
-- text each translates (`pricing_core::i18n::texts::CatalogTranslations` as JSON). A version
-- written before they were kept has none: it is served with the translation files' texts.
ALTER TABLE catalog_versions ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
