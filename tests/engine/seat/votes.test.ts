import { describe, expect, it } from 'vitest';
import { parseTimeline, type TimelineEvent } from '../../../src/core/timeline.js';
import { latestVotes, listedPanel, tallyVotes } from '../../../src/engine/seat/votes.js';

const vote = (ts: string, panelist: string, value: '+1' | '-2', comment: string | null = null): TimelineEvent => ({ ts, type: 'vote', message: `${panelist} voted`, data: { panelist, vote: value, comment } });
const panel = (ts: string, ...panelists: string[]): TimelineEvent => ({ ts, type: 'panel', message: 'panel', data: { panelists } });

describe('tallyVotes', () => {
  it('hides every vote but the reader’s own until the listed panel has voted', () => {
    const events = [panel('2025-01-01T10:00:00Z', 'ada', 'grace', 'sam'), vote('2025-01-01T10:01:00Z', 'ada', '+1', 'good'), vote('2025-01-01T10:02:00Z', 'sam', '-2')];
    const forGrace = tallyVotes(events, { viewer: 'grace' });
    expect(forGrace).toMatchObject({ revealed: false, voted: ['ada', 'sam'], waitingFor: ['grace'], visible: [] });
    expect(forGrace.reason).toBe('hidden until grace votes (or --reveal)');
    expect(tallyVotes(events, { viewer: 'ada' }).visible).toEqual([{ panelist: 'ada', vote: '+1', comment: 'good', ts: '2025-01-01T10:01:00Z' }]);
    expect(tallyVotes(events).visible).toEqual([]);
  });

  it('reveals all votes once every listed panelist has voted, or with reveal', () => {
    const events = [panel('2025-01-01T10:00:00Z', 'ada', 'grace'), vote('2025-01-01T10:01:00Z', 'ada', '+1')];
    expect(tallyVotes(events, { reveal: true })).toMatchObject({ revealed: true, reason: 'revealed with --reveal before grace voted' });
    const complete = tallyVotes([...events, vote('2025-01-01T10:03:00Z', 'grace', '-2')]);
    expect(complete.revealed).toBe(true);
    expect(complete.visible.map((v) => `${v.panelist}${v.vote}`)).toEqual(['ada+1', 'grace-2']);
  });

  it('without a listed panel, keeps votes hidden until --reveal (nobody can say the panel is complete)', () => {
    const events = [vote('2025-01-01T10:01:00Z', 'ada', '+1')];
    const view = tallyVotes(events, { viewer: 'grace' });
    expect(view.revealed).toBe(false);
    expect(view.reason).toContain('no panel is listed');
    expect(tallyVotes(events, { reveal: true }).visible).toHaveLength(1);
  });

  it('counts the latest vote of each panelist and the last panel listed, in time order', () => {
    const events = [vote('2025-01-01T10:05:00Z', 'ada', '-2', 'changed my mind'), vote('2025-01-01T10:01:00Z', 'ada', '+1'), panel('2025-01-01T10:00:00Z', 'ada'), panel('2025-01-01T10:02:00Z', 'ada', 'grace')];
    expect(latestVotes(events)).toEqual([{ panelist: 'ada', vote: '-2', comment: 'changed my mind', ts: '2025-01-01T10:05:00Z' }]);
    expect(listedPanel(events)).toEqual(['ada', 'grace']);
  });

  it('ignores malformed vote lines rather than counting them', () => {
    const malformed = { ts: '2025-01-01T10:01:00Z', type: 'vote', message: 'x', data: { panelist: 'ada', vote: '+3' } };
    const { events } = parseTimeline([panel('2025-01-01T10:00:00Z', 'ada'), malformed].map((event) => JSON.stringify(event)).join('\n'));
    expect(tallyVotes(events)).toMatchObject({ revealed: false, voted: [], waitingFor: ['ada'] });
  });
});
