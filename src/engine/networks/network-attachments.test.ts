import { FakeNetworkAttachments } from './fake-network-attachments.js';
import { runNetworkAttachmentsContract } from './network-attachments.contract.js';
import { noContainerAttachments } from './network-attachments.js';

runNetworkAttachmentsContract('noContainerAttachments', () => ({
  attachments: noContainerAttachments,
}));

runNetworkAttachmentsContract('FakeNetworkAttachments', () => {
  const fake = new FakeNetworkAttachments();
  return { attachments: fake, addContainer: (name, o) => fake.add(name, o) };
});
