import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type {
  Agent, AgentInstallInfo, ApiCallLog, ApiKey, AuditEntry, Conflict, CreatedEnrollmentToken, EnrollmentToken, HistoryVersion, Job, Page, Peer, PeerStatus,
  ResolveConflictResponse, Service, Template, Topology, User, Wan, WanStatus,
} from './api.models';

type Query = Record<string, string | number | boolean | undefined>;

function params(query: Query = {}): HttpParams {
  let result = new HttpParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') result = result.set(key, String(value));
  return result;
}

/** Every call the console makes, as promises. Errors are HttpErrorResponse; see ProblemService. */
@Injectable({ providedIn: 'root' })
export class ApiService {
  private readonly http = inject(HttpClient);

  get<T>(url: string, query?: Query): Promise<T> {
    return firstValueFrom(this.http.get<T>(url, { params: params(query) }));
  }
  post<T>(url: string, body: unknown = {}): Promise<T> {
    return firstValueFrom(this.http.post<T>(url, body));
  }
  put<T>(url: string, body: unknown): Promise<T> {
    return firstValueFrom(this.http.put<T>(url, body));
  }
  patch<T>(url: string, body: unknown): Promise<T> {
    return firstValueFrom(this.http.patch<T>(url, body));
  }
  delete(url: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(url));
  }
  text(url: string, query?: Query): Promise<string> {
    return firstValueFrom(this.http.get(url, { params: params(query), responseType: 'text' }));
  }
  blob(url: string, query?: Query): Promise<Blob> {
    return firstValueFrom(this.http.get(url, { params: params(query), responseType: 'blob' }));
  }

  /** Every page of a paged list (the API caps a page at 500). */
  async all<T>(url: string, query: Query = {}): Promise<T[]> {
    const items: T[] = [];
    for (let offset = 0, round = 0; round < 100; round++) {
      const page = await this.get<Page<T>>(url, { ...query, limit: 500, offset });
      items.push(...page.items);
      offset += page.items.length;
      if (page.items.length === 0 || offset >= page.total) break;
    }
    return items;
  }

  wans = () => this.get<Wan[]>('/api/wan');
  createWan = (body: Partial<Wan>) => this.post<Wan>('/api/wan', body);
  updateWan = (id: string, body: Partial<Wan>) => this.put<Wan>(`/api/wan/${id}`, body);
  peers = (wanId: string) => this.all<Peer>(`/api/wan/${wanId}/peers`);
  peer = (id: string) => this.get<Peer>(`/api/peers/${id}`);
  createPeer = (wanId: string, body: unknown) => this.post<Peer>(`/api/wan/${wanId}/peers`, body);
  updatePeer = (id: string, body: unknown) => this.put<Peer>(`/api/peers/${id}`, body);
  deletePeer = (id: string) => this.delete(`/api/peers/${id}`);
  peerStatus = (id: string) => this.get<PeerStatus>(`/api/peers/${id}/status`);
  wanStatus = (wanId: string) => this.get<WanStatus>(`/api/wan/${wanId}/status`);
  topology = (wanId: string) => this.get<Topology>(`/api/wan/${wanId}/topology`);
  services = (wanId: string) => this.all<Service>(`/api/wan/${wanId}/services`);
  publishService = (peerId: string, body: unknown) => this.post<Service>(`/api/peers/${peerId}/services`, body);
  deleteService = (id: string) => this.delete(`/api/services/${id}`);
  conflicts = (wanId: string, status: 'open' | 'resolved' | 'all' = 'open') => this.get<Conflict[] | Page<Conflict>>(`/api/wan/${wanId}/conflicts`, { status }).then(unpage);
  resolveConflict = (id: string, body: unknown) => this.post<ResolveConflictResponse>(`/api/conflicts/${id}/resolve`, body);
  checkConflicts = (peerId: string, subnets: unknown) => this.post<unknown>(`/api/peers/${peerId}/check-conflicts`, { subnets });
  jobs = (query: Query = {}) => this.get<Page<Job>>('/api/jobs', { limit: 200, ...query });
  job = (id: string) => this.get<Job>(`/api/jobs/${id}`);
  jobLogs = (id: string) => this.all<ApiCallLog>(`/api/jobs/${id}/logs`);
  peerJobs = (peerId: string) => this.get<Page<Job>>(`/api/peers/${peerId}/jobs`, { limit: 50 });
  cancelJob = (id: string) => this.post<Job>(`/api/jobs/${id}/cancel`);
  retryJob = (id: string) => this.post<Job>(`/api/jobs/${id}/retry`);
  history = (peerId: string) => this.get<HistoryVersion[] | Page<HistoryVersion>>(`/api/peers/${peerId}/history`).then(unpage);
  audit = (query: Query) => this.get<Page<AuditEntry>>('/api/audit', query);
  users = () => this.get<User[] | Page<User>>('/api/users').then(unpage);
  apiKeys = () => this.get<ApiKey[] | Page<ApiKey>>('/api/api-keys').then(unpage);
  enrollmentTokens = (wanId: string) => this.all<EnrollmentToken>('/api/enrollment-tokens', { wanId });
  agents = (wanId: string) => this.all<Agent>('/api/agents', { wanId });
  createEnrollmentToken = (body: unknown) => this.post<CreatedEnrollmentToken>('/api/enrollment-tokens', body);
  revokeEnrollmentToken = (id: string) => this.delete(`/api/enrollment-tokens/${id}`);
  approveAgent = (id: string) => this.post<Agent>(`/api/agents/${id}/approve`);
  revokeAgent = (id: string) => this.post<Agent>(`/api/agents/${id}/revoke`);
  agentInstallInfo = () => this.get<AgentInstallInfo>('/api/agents/install');
  templates = () => this.get<Template[]>('/api/templates');
}

/** Some lists are plain arrays and some are pages; callers want the rows. */
export function unpage<T>(value: readonly T[] | Page<T>): T[] {
  return Array.isArray(value) ? [...value] : [...(value as Page<T>).items];
}
