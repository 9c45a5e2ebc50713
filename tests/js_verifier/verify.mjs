// An independent verifier of the registry's credentials: Digital Bazaar's @digitalbazaar/vc with
// the eddsa-rdfc-2022 cryptosuite and the Bitstring Status List checker, offline.
//
// stdin: {"contexts_dir": "...", "did_documents": [...], "status_list_credentials": [...],
//         "credentials": [...], "now": "2026-01-01T00:00:00Z" (optional),
//         "canonicalize": [...] (optional: documents to canonicalize as the cryptosuite does)}
// stdout: {"results": [{"verified": true|false, "errors": ["..."], "revoked": true|false|null}],
//          "canonical": [{"nquads": "..."} | {"error": "..."}]}, in the order given
//
// The document loader serves the context files listed in <contexts_dir>/manifest.json, the DID
// documents given (a DID URL with a fragment resolves to that verification method) and the status
// list credentials given; any other URL is an error.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';

import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';

function offlineLoader({contextsDir, didDocuments, statusLists}) {
  const manifest = JSON.parse(readFileSync(join(contextsDir, 'manifest.json'), 'utf8'));
  const documents = new Map();
  for(const [url, file] of Object.entries(manifest)) {
    documents.set(url, JSON.parse(readFileSync(join(contextsDir, file), 'utf8')));
  }
  for(const didDocument of didDocuments) {
    documents.set(didDocument.id, didDocument);
    for(const method of didDocument.verificationMethod || []) {
      documents.set(method.id, {'@context': didDocument['@context'], ...method});
    }
  }
  for(const credential of statusLists) {
    documents.set(credential.id, credential);
  }
  return async url => {
    if(!documents.has(url)) {
      throw new Error(`not served offline: ${url}`);
    }
    return {contextUrl: null, documentUrl: url, document: structuredClone(documents.get(url))};
  };
}

function messages(error, seen = new Set()) {
  if(!error || seen.has(error)) {
    return [];
  }
  seen.add(error);
  const found = [];
  if(error.message) {
    found.push(error.message);
  }
  for(const inner of error.errors || []) {
    found.push(...messages(inner, seen));
  }
  if(error.details && error.details.event) {
    found.push(`${error.details.event.code}: ${JSON.stringify(error.details.event.details)}`);
  }
  found.push(...messages(error.cause, seen));
  return found;
}

function resultErrors(result) {
  const found = [...messages(result.error)];
  for(const proofResult of result.results || []) {
    found.push(...messages(proofResult.error));
    if(proofResult.purposeResult) {
      found.push(...messages(proofResult.purposeResult.error));
    }
  }
  if(result.statusResult) {
    found.push(...messages(result.statusResult.error));
    for(const statusResult of result.statusResult.results || []) {
      found.push(...messages(statusResult.error));
    }
  }
  return [...new Set(found)];
}

async function main() {
  const job = JSON.parse(readFileSync(0, 'utf8'));
  const documentLoader = offlineLoader({
    contextsDir: job.contexts_dir,
    didDocuments: job.did_documents || [],
    statusLists: job.status_list_credentials || []
  });
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
  const results = [];
  for(const credential of job.credentials || []) {
    let result;
    try {
      result = await vc.verifyCredential({
        credential, suite, documentLoader, checkStatus, now: job.now
      });
    } catch(error) {
      result = {verified: false, error};
    }
    const statuses = (result.statusResult && result.statusResult.results) || [];
    results.push({
      verified: result.verified === true,
      errors: resultErrors(result),
      revoked: statuses.length ? statuses.some(status => status.status === true) : null
    });
  }
  const canonical = [];
  for(const document of job.canonicalize || []) {
    try {
      canonical.push({nquads: await eddsaRdfc2022.canonize(document, {documentLoader})});
    } catch(error) {
      canonical.push({error: messages(error).join('; ')});
    }
  }
  process.stdout.write(JSON.stringify({results, canonical}));
}

main().catch(error => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
