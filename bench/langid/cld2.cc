#include <cstdio>
#include <vector>
#include <cld2/public/compact_lang_det.h>
#include <cstdio>
#include <cstring>
#include <ctime>
int main(){ FILE *f=fopen("/work/wt-ingest/tests/data/ingest/lang-sample.tsv","r"); char line[8192]; int n=0,ok=0; double t=0;
 while(fgets(line,sizeof line,f)){ if(line[0]=='#')continue; char *tab=strchr(line,'\t'); *tab=0; char *txt=tab+1; txt[strcspn(txt,"\n")]=0;
  struct timespec a,b; clock_gettime(CLOCK_MONOTONIC,&a); bool rel=false; CLD2::Language l=CLD2::DetectLanguage(txt,strlen(txt),true,&rel); clock_gettime(CLOCK_MONOTONIC,&b);
  t+=(b.tv_sec-a.tv_sec)+(b.tv_nsec-a.tv_nsec)/1e9; n++; const char*code=CLD2::LanguageCode(l); int isen=!strcmp(code,"en"); int good=(strcmp(line,"en")==0)==isen; ok+=good; if(!good) printf("%s -> %s rel=%d\n",line,code,rel); else if (strcmp(line,code)) printf("  (%s as %s)\n", line, code);}
 printf("cld2: %d/%d correct en/non-en, %.4f ms per text\n",ok,n,t*1e3/n);}
