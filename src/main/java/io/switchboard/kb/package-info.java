/**
 * The knowledge base: articles per language in PostgreSQL, full-text search with a confidence measure that is
 * comparable across questions, imports from files, the admin REST API and the knowledge-gaps report.
 */
package io.switchboard.kb;
