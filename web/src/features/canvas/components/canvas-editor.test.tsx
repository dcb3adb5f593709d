import { yToDocument } from '@atelier/shared/collab/design-document-yjs';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import { initI18n } from '../../../lib/i18n';
import { linkedDocs } from '../test-support';
import { CanvasEditor } from './canvas-editor';

describe('canvas editor', () => {
  beforeAll(async () => {
    await initI18n('en-US');
  });

  it('moves a layer with the keyboard, edits text, undoes, and shows who else is here', async () => {
    const { a, b } = linkedDocs();
    const awareness = new Awareness(a);
    render(
      <CanvasEditor
        ydoc={a}
        awareness={awareness}
        readOnly={false}
        me={{ name: 'Ada', colour: '#B91C1C' }}
      />,
    );
    expect(awareness.getLocalState()).toMatchObject({ user: { name: 'Ada', color: '#B91C1C' } });

    const panel = screen.getByRole('button', { name: 'Layer “Panel” (shape)' });
    panel.focus();
    await userEvent.keyboard('{ArrowRight}{Shift>}{ArrowDown}{/Shift}');
    expect(yToDocument(b)!.layers[0]).toMatchObject({ x: 41, y: 50 });
    expect(panel.getAttribute('aria-pressed')).toBe('true');
    expect(awareness.getLocalState()?.selection).toEqual(['bg']);
    expect((screen.getByLabelText('X (px)') as HTMLInputElement).value).toBe('41');

    await userEvent.click(screen.getByRole('button', { name: /^Headline/ }));
    const text = screen.getByLabelText('Text');
    await userEvent.type(text, '!');
    expect(yToDocument(b)!.layers[1]).toMatchObject({ text: 'Hello world!' });

    // A collaborator's edit arrives live.
    act(() => {
      b.getArray<import('yjs').Map<unknown>>('layers').get(0).set('x', 300);
    });
    expect((screen.getByRole('button', { name: 'Layer “Panel” (shape)' }) as HTMLElement).style.left).toBe(
      '300px',
    );

    await userEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(yToDocument(b)!.layers[1]).toMatchObject({ text: 'Hello world' });

    // Someone else's presence: an avatar and a named cursor.
    const remote = new Awareness(b);
    act(() => {
      remote.setLocalState({
        user: { name: 'Grace Hopper', color: '#1D4ED8' },
        cursor: { x: 10, y: 20 },
        selection: ['bg'],
      });
      awareness.getStates().set(remote.clientID, remote.getLocalState()!);
      awareness.emit('change', [{ added: [remote.clientID], updated: [], removed: [] }, 'remote']);
    });
    const people = screen.getByRole('list', { name: 'People here: 2' });
    expect(within(people).getByText('Ada (you)')).toBeTruthy();
    expect(within(people).getByText('Grace Hopper')).toBeTruthy();
    expect(screen.getByTestId('remote-cursor').textContent).toBe('Grace Hopper');
  });

  it('leaves a Viewer unable to change anything', async () => {
    const { a, b } = linkedDocs();
    render(
      <CanvasEditor
        ydoc={a}
        awareness={new Awareness(a)}
        readOnly={true}
        me={{ name: 'Vi', colour: '#047857' }}
      />,
    );
    const panel = screen.getByRole('button', { name: 'Layer “Panel” (shape)' });
    panel.focus();
    await userEvent.keyboard('{Enter}{ArrowRight}');
    expect(yToDocument(b)!.layers[0]).toMatchObject({ x: 40 });
    expect(panel.getAttribute('aria-pressed')).toBe('true');
    expect((screen.getByLabelText('X (px)') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Undo' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
