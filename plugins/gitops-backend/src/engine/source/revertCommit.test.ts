import { revertMessage } from './revertCommit';

const SHA = 'a'.repeat(40);

describe('revertMessage', () => {
  it.each([
    [
      'a user',
      'scale web to 5\n\nmore detail',
      'user:default/jane',
      `Revert "scale web to 5"\n\nThis reverts commit ${SHA}, from the developer portal.\n\nRequested-by: user:default/jane\n`,
    ],
    [
      'a service',
      'ship web:2',
      'external:release-bot',
      `Revert "ship web:2"\n\nThis reverts commit ${SHA}, from the developer portal.\n\nRequested-by: external:release-bot\n`,
    ],
    [
      'a requester with a line break, who cannot forge another trailer',
      'ship web:2',
      'user:default/jane\nSigned-off-by: someone-else',
      `Revert "ship web:2"\n\nThis reverts commit ${SHA}, from the developer portal.\n\nRequested-by: user:default/jane Signed-off-by: someone-else\n`,
    ],
    [
      'a subject with control characters',
      'ship\x1b[31m web\r',
      'user:default/jane',
      `Revert "ship [31m web"\n\nThis reverts commit ${SHA}, from the developer portal.\n\nRequested-by: user:default/jane\n`,
    ],
  ])('names %s in a Requested-by trailer', (_label, reverted, by, expected) => {
    expect(revertMessage(reverted, SHA, by)).toBe(expected);
  });
});
