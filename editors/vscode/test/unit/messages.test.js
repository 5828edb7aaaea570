'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { messages } = require('../../lib/messages');

test('French for fr and fr-*, English otherwise', () => {
  assert.match(messages('fr').notFound('clause'), /introuvable/);
  assert.match(messages('fr-ca').notFound('clause'), /introuvable/);
  assert.match(messages('en').notFound('clause'), /not found/);
  assert.match(messages('de').notFound('clause'), /not found/);
  assert.match(messages(undefined).notFound('clause'), /not found/);
});
