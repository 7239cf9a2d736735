// Parameter Store and Secrets Manager reads, all workers, next to KMS Decrypt in the same run (they
// decrypt through KMS): GetParameter of a SecureString WithDecryption, GetParametersByPath over 100
// parameters (a page of 10; String, and SecureString WithDecryption), and GetSecretValue.
import { CreateKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { measure, signedJsonRequest } from './lib/load.mjs';
import { ms, num, table } from './lib/report.mjs';
import { ALL_WORKERS, startRampart } from './lib/servers.mjs';

async function fixtures(server) {
  const config = { endpoint: server.url, region: 'us-east-1', credentials: server.credentials };
  const kms = new KMSClient(config);
  const ssm = new SSMClient(config);
  const keyId = (await kms.send(new CreateKeyCommand({}))).KeyMetadata.KeyId;
  const ciphertext = (await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.alloc(32, 1) }))).CiphertextBlob;
  await ssm.send(new PutParameterCommand({ Name: '/bench/secure', Type: 'SecureString', Value: 'p'.repeat(32) }));
  for (let i = 0; i < 100; i++) {
    await ssm.send(new PutParameterCommand({ Name: `/bench/plain/p${String(i).padStart(3, '0')}`, Type: 'String', Value: `value-${i}` }));
    await ssm.send(new PutParameterCommand({ Name: `/bench/secrets/p${String(i).padStart(3, '0')}`, Type: 'SecureString', Value: `secret-${i}` }));
  }
  await new SecretsManagerClient(config).send(new CreateSecretCommand({ Name: 'bench/secret', SecretString: 's'.repeat(32) }));
  return { ciphertext };
}

export async function secretsBenchmark() {
  const workers = ALL_WORKERS;
  const rampart = await startRampart({ workers, env: { RAMPART_KMS_QUOTAS: 'off' } });
  const { ciphertext } = await fixtures(rampart);
  const calls = [
    ['kms:Decrypt (reference)', 'kms', 'TrentService.Decrypt', { CiphertextBlob: Buffer.from(ciphertext).toString('base64') }],
    ['ssm:GetParameter SecureString WithDecryption', 'ssm', 'AmazonSSM.GetParameter', { Name: '/bench/secure', WithDecryption: true }],
    ['ssm:GetParametersByPath 100 String (page of 10)', 'ssm', 'AmazonSSM.GetParametersByPath', { Path: '/bench/plain', Recursive: true }],
    ['ssm:GetParametersByPath 100 SecureString WithDecryption', 'ssm', 'AmazonSSM.GetParametersByPath', { Path: '/bench/secrets', Recursive: true, WithDecryption: true }],
    ['secretsmanager:GetSecretValue', 'secretsmanager', 'secretsmanager.GetSecretValue', { SecretId: 'bench/secret' }],
  ];
  const rows = [];
  for (const connections of [1, 32]) {
    let reference;
    for (const [name, service, target, body] of calls) {
      const result = await measure(rampart, await signedJsonRequest(rampart, { service, target, body }), connections);
      reference ??= result.rps;
      rows.push([`${connections}`, name, num(result.rps), ms(result.p50), ms(result.p99), `${((100 * result.rps) / reference).toFixed(0)}%`]);
    }
  }
  await rampart.close();
  table(`Parameter Store and Secrets Manager reads (${workers} workers, SQLite; goal: each at least 70% of KMS Decrypt)`, ['conc.', 'call', 'req/s', 'p50', 'p99', 'of Decrypt'], rows);
}
