import { TestBed } from '@angular/core/testing';
import { describeProblem } from '../core/api-error.logic';
import { ProblemBannerComponent } from './problem-banner.component';

describe('ProblemBannerComponent', () => {
  it('shows the problem in NOC words with fields and the next step, as an alert', async () => {
    const fixture = TestBed.createComponent(ProblemBannerComponent);
    fixture.componentRef.setInput('problem', describeProblem(400, { code: 'VALIDATION.FAILED', message: 'The request has 1 invalid field.', fields: [{ field: 'tunnelIpRange', reason: 'is not a network address; did you mean 10.1.0.0/24?' }] }));
    fixture.detectChanges();
    await fixture.whenStable();
    const alert = (fixture.nativeElement as HTMLElement).querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain('Some fields need attention');
    expect(alert.textContent).toContain('tunnelIpRange');
    expect(alert.textContent).toContain('What to do:');
  });

  it('is empty without a problem', () => {
    const fixture = TestBed.createComponent(ProblemBannerComponent);
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).querySelector('[role="alert"]')).toBeNull();
  });
});
