/** Title and optional lead text at the top of a sign-in card. */
export function AuthHeading({ title, lead }: { title: string; lead?: string }) {
  return (
    <div className="mb-6">
      <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
      {lead ? <p className="mt-2 text-sm leading-6 text-slate-600">{lead}</p> : null}
    </div>
  );
}
